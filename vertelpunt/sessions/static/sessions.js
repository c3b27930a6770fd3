// Draws the figures of a session from their JSON data blocks with the plotly.js served by this site and
// shows the print button. No inline script is needed (CSP script-src 'self'); without JavaScript the
// tables beside the charts carry the same numbers.
(function () {
  "use strict";
  function draw() {
    if (window.Plotly) {
      document.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (block) {
        var target = document.getElementById(block.getAttribute("data-chart"));
        if (!target) { return; }
        var figure = JSON.parse(block.textContent);
        window.Plotly.newPlot(target, figure.data, figure.layout, figure.config || {});
      });
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
