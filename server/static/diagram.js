/* The landing page's class diagram (server/templates/index.html): shown at full size in a scrolling box, with
   buttons to zoom in, zoom out and fit it to the page width. Plain JavaScript, no library. */
"use strict";

(function () {
  const view = document.getElementById("class-diagram");
  const image = view && view.querySelector("img");
  if (!image) {
    return;
  }
  let scale = 1;
  function apply() {
    image.style.width = scale === 0 ? "100%" : Math.round(image.naturalWidth * scale) + "px";
  }
  const bar = document.createElement("div");
  bar.className = "zoom-bar";
  for (const [label, change] of [["Zoom in", 1.25], ["Zoom out", 0.8], ["Fit width", 0], ["Full size", 1]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", () => {
      scale = change === 0 || change === 1 ? change : (scale || view.clientWidth / image.naturalWidth) * change;
      apply();
    });
    bar.append(button);
  }
  view.before(bar);
  function start() {
    apply();
    view.scrollLeft = (view.scrollWidth - view.clientWidth) / 2; /* the middle of the diagram, at full size */
  }
  if (image.complete) {
    start();
  } else {
    image.addEventListener("load", start);
  }
})();
