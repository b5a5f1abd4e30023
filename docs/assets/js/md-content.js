/* mkdocs-material: open the content tab named in the URL fragment. Moved out of the page (the theme
 * has it inline) so the Content-Security-Policy can forbid inline scripts. */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
