import BrowserOnly from '@docusaurus/BrowserOnly';
import { useColorMode } from '@docusaurus/theme-common';

export default function KafkaPlayer(props) {
  const { colorMode } = useColorMode();
  return (
    <BrowserOnly fallback={<div style={{ aspectRatio: '16 / 10' }} />}>
      {() => {
        const { KafkaSemanticsPlayground } = require('kafka-semantics-playground');
        return <KafkaSemanticsPlayground theme={colorMode} {...props} />;
      }}
    </BrowserOnly>
  );
}
