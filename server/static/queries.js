/* A named query's page (server/templates/queries_run.html): its result, given in <script id="result-data">, shown in
   the views of results.js (which replace the table the server wrote for pages read without JavaScript). */
"use strict";

(function () {
  const data = document.getElementById("result-data");
  const box = document.getElementById("result-views");
  if (data && box) {
    const given = JSON.parse(data.textContent);
    window.GovkgResults.render(box, given.config, given.results, given.labels);
  }
})();
