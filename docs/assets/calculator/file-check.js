// The calculator opened as a file (site/calculator.html double-clicked, or from a file share): browsers
// refuse to run its modules and engine from file:, and the page would say "正在加载" for ever. Say
// what to do instead. A classic script on purpose: module scripts are what a file: page cannot load.
(function () {
  if (location.protocol !== "file:") return;
  var root = document.getElementById("calc");
  if (!root) return;
  root.classList.add("is-failed", "is-file");
  document.getElementById("calc-progress").hidden = true;
  document.getElementById("calc-status-text").textContent =
    "请通过网站地址访问，不能直接双击打开文件：浏览器不允许从本机文件运行计算引擎。" +
    "请打开本站在内网服务器上的网址（向管理员索取），或在本机按说明文件启动网站后，打开它显示的地址。" +
    "本站其他页面可以照常阅读。";
})();
