/**
 * The server's per-response CSP nonce (style-src 'self' 'nonce-…'). antd's CSS-in-JS receives
 * it through ConfigProvider; a few rc-component helpers (the modal scroll lock) create <style>
 * elements without asking, so style elements created by our own scripts carry it by default.
 * Markup injected as HTML does not pass through createElement and stays blocked.
 */
export const cspNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;

if (cspNonce) {
  const create = document.createElement.bind(document);
  document.createElement = ((tagName: string, options?: ElementCreationOptions) => {
    const element = create(tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = cspNonce;
    return element;
  }) as typeof document.createElement;
}
