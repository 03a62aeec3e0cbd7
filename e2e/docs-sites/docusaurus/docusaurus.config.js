// Built twice by the e2e suite: with Babel and webpack, and with DOCUSAURUS_FASTER=1 (@docusaurus/faster:
// SWC, Lightning CSS and Rspack).
module.exports = {
  title: 'Fixture docs',
  url: 'http://127.0.0.1',
  baseUrl: '/',
  onBrokenLinks: 'throw',
  // Docusaurus Faster asks for the v4 flags with it.
  future: process.env.DOCUSAURUS_FASTER === '1' ? { faster: true, v4: true } : { faster: false },
  presets: [['classic', { docs: { routeBasePath: '/', sidebarPath: false }, blog: false }]],
};
