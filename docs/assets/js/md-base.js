/* mkdocs-material's storage helpers, moved out of the page so the Content-Security-Policy can
 * forbid inline scripts. Same code as the theme's partials/javascripts/base.html; the scope comes
 * from the script tag's data-scope attribute (the page's base URL). */
__md_scope = new URL(document.currentScript.dataset.scope, location);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) { /* storage full or disabled */ }
};
