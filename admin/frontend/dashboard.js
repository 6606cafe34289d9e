// The managers' dashboard: the breach-rate trend (chart.js line chart) and the heatmap of a
// process drawn over its own diagram (bpmn-js NavigatedViewer): each step gets a colour
// marker AND a text badge (rate, median duration), never colour alone. Both read JSON data
// blocks of the page, whose tables hold the same numbers for screen readers and exports.
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

function data(id) {
  const block = document.getElementById(id);
  return block ? JSON.parse(block.textContent) : null;
}

function drawTrend() {
  const canvas = document.getElementById("trend-chart");
  const trend = data("trend-data");
  if (!canvas || !trend) return;
  new Chart(canvas, {
    type: "line",
    data: {
      labels: trend.labels,
      datasets: [
        {
          label: trend.label,
          data: trend.rates,
          borderColor: "#a4001c",
          backgroundColor: "#a4001c",
          pointStyle: "rectRot",
          pointRadius: 5,
          spanGaps: true,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, suggestedMax: 100, ticks: { callback: (v) => `${v} %` } } },
    },
  });
}

function badge(text, band) {
  const element = document.createElement("span");
  element.className = `heat-badge heat-${band}`;
  element.textContent = text;
  return element;
}

async function drawHeatmap() {
  const container = document.getElementById("heatmap");
  const heat = data("heat-data");
  if (!container || !heat) return;
  const viewer = new NavigatedViewer({ container });
  try {
    const response = await fetch(heat.source, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    await viewer.importXML(await response.text());
    const canvas = viewer.get("canvas");
    const registry = viewer.get("elementRegistry");
    const overlays = viewer.get("overlays");
    canvas.zoom("fit-viewport");
    for (const step of heat.steps) {
      if (!registry.get(step.id)) continue;
      canvas.addMarker(step.id, `heat-${step.band}`);
      overlays.add(step.id, { position: { bottom: 0, left: 0 }, html: badge(step.badge, step.band) });
    }
  } catch (error) {
    viewer.destroy();
    container.hidden = true;
  }
}

drawTrend();
drawHeatmap();
