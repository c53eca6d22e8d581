// The graph view on the network page: you in the centre, the people you know on the
// first ring, those one introduction away on the second, the rest outside. Colour =
// the person's most common tag. Click a person to open their page. Data comes from
// /network/graph.json (your people only); without JS the lists below stand in.
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  if (!box || typeof window.cytoscape !== "function" || !window.fetch) return;
  var PALETTE = ["#2f6fde", "#d9822b", "#2e9e6a", "#b0418f", "#7a5cc7", "#c23b3b", "#1b9aaa", "#8a8a2a"];
  var OTHER = "#8c8c8c";

  function positions(nodes) {
    // Rings by distance; inside a ring, people sorted by colour group so groups sit together.
    var rings = {};
    nodes.forEach(function (n) { (rings[n.ring] = rings[n.ring] || []).push(n); });
    var radius = 0;
    Object.keys(rings).sort().forEach(function (key) {
      var ring = rings[key];
      ring.sort(function (a, b) { return (a.group || "~").localeCompare(b.group || "~") || a.id - b.id; });
      if (Number(key) === 0) { ring.forEach(function (n) { n.x = 0; n.y = 0; }); return; }
      radius = Math.max(radius + 140, ring.length * 14 / (2 * Math.PI));
      ring.forEach(function (n, i) {
        var angle = (2 * Math.PI * i) / ring.length;
        n.x = radius * Math.cos(angle);
        n.y = radius * Math.sin(angle);
      });
    });
  }

  function legend(groups, colour) {
    var list = document.getElementById("network-legend");
    if (!list || !groups.length) return;
    groups.concat(["other"]).forEach(function (name) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "key";
      swatch.style.background = colour(name);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + name));
      list.appendChild(item);
    });
    list.hidden = false;
  }

  fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      if (data.nodes.length < 2) return;
      var index = {};
      data.groups.forEach(function (g, i) { index[g] = PALETTE[i % PALETTE.length]; });
      var colour = function (g) { return index[g] || OTHER; };
      positions(data.nodes);
      var elements = data.nodes.map(function (n) {
        return {
          data: { id: String(n.id), label: n.label, url: n.url, colour: n.ring === 0 ? "#111" : colour(n.group),
                  size: n.ring === 0 ? 28 : Math.min(8 + 2 * Math.sqrt(n.degree || 0), 26) },
          position: { x: n.x, y: n.y },
        };
      }).concat(data.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: String(e[0]), target: String(e[1]) } };
      }));
      box.hidden = false;
      var big = data.nodes.length > 400;
      var cy = window.cytoscape({
        container: box,
        elements: elements,
        layout: { name: "preset", fit: true, padding: 20 },
        minZoom: 0.05,
        maxZoom: 4,
        hideEdgesOnViewport: big,
        textureOnViewport: big,
        pixelRatio: big ? 1 : "auto",
        style: [
          { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
            label: big ? "" : "data(label)", "font-size": 9, color: "#555", "text-valign": "bottom", "text-margin-y": 2 } },
          { selector: "node:selected", style: { label: "data(label)", "border-width": 3, "border-color": "#111" } },
          { selector: "edge", style: { width: 1, "line-color": "#bbb", opacity: big ? 0.35 : 0.7, "curve-style": "haystack" } },
        ],
      });
      cy.on("tap", "node", function (evt) {
        var url = evt.target.data("url");
        if (url) window.location.href = url;
      });
      cy.on("mouseover", "node", function (evt) { evt.target.select(); });
      cy.on("mouseout", "node", function (evt) { evt.target.unselect(); });
      legend(data.groups, colour);
      var note = document.getElementById("network-graph-note");
      if (note && data.shown < data.total) {
        note.textContent = "Showing the " + data.shown + " best-connected of " + data.total +
          " people; choose a tag to see a smaller group.";
        note.hidden = false;
      }
    })
    .catch(function () { box.hidden = true; });
})();
