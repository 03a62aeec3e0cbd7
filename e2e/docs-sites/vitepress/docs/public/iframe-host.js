// README's postMessage recipe ("The iframe"), word for word but for where the site keeps its dark mode:
// VitePress sets the class "dark" on <html> (README's example reads data-theme).
const frame = document.querySelector('iframe');
const embedOrigin = new URL(frame.src).origin;
const send = (command) =>
  frame.contentWindow.postMessage({ source: 'kafka-semantics-playground', v: 1, ...command }, embedOrigin);
const siteTheme = () => (document.documentElement.classList.contains('dark') ? 'dark' : 'light');
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.origin !== embedOrigin) return; // only this embed
  if (e.data?.source !== 'kafka-semantics-playground' || e.data.v !== 1) return;
  if (e.data.type === 'ready') send({ type: 'setTheme', theme: siteTheme() });
  if (e.data.type === 'resize') {
    frame.style.aspectRatio = 'auto';
    frame.style.height = `${e.data.height}px`;
  }
});
// The site's dark-mode switch, passed on in place: the frame keeps its step.
new MutationObserver(() => send({ type: 'setTheme', theme: siteTheme() })).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['class'],
});
// A module script runs once the page is parsed, and the frame may have said `ready` (and its first
// `resize`) before anyone listened: load it again, now that this page listens.
frame.src = frame.src;
