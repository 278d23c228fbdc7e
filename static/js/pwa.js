/* Makes the site installable and the capture page work offline: registers the service worker (/sw.js,
   phpu/pwa.py). Signing out asks the worker to forget the kept capture page. */
(function () {
  "use strict";

  if (!("serviceWorker" in navigator)) return;

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
    /* no worker (private window, old browser): the pages still work online */
  });

  document.addEventListener("submit", function (event) {
    var action = event.target.getAttribute("action") || "";
    if (action.indexOf("/accounts/logout/") === 0 && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("forget-page");
    }
  });
})();
