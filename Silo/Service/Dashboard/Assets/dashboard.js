// The live dashboard of an Orleans.Dataflow silo: polls the silo's own HTTP API (GET /flows, /flows/{id},
// /flows/{id}/graph) once a second and draws what it answers. Rates are computed here, from the change of the
// counts the partitions report (about once a second) over the last few seconds.
"use strict";

(() => {
  const pollMilliseconds = 1000;
  // Rates average over this window: partitions report about once a second, so a single poll-to-poll delta jumps.
  const rateWindowMilliseconds = 5000;
  const tokenKey = "dataflow-token";
  const svgNamespace = "http://www.w3.org/2000/svg";
  const numbers = new Intl.NumberFormat("en-US");
  const rates = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });


  const $ = (id) => document.getElementById(id);
  let selected = null;
  let graphOf = null;
  let samples = [];
  let waitingForToken = false;

  function takeTokenFromAddress() {
    // A link of the form /#token=... hands the token over without sending it to the server or keeping it in history.
    const match = /(?:^|&)token=([^&]*)/.exec(location.hash.slice(1));
    if (match) {
      sessionStorage.setItem(tokenKey, decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
  }

  function selectionFromAddress() {
    const match = /(?:^|&)flow=([^&]*)/.exec(location.hash.slice(1));
    return match ? decodeURIComponent(match[1]) : null;
  }

  class Unauthorized extends Error {}

  class Unreachable extends Error {}

  async function api(path) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(tokenKey);
    if (token) {
      headers.Authorization = "Bearer " + token;
    }

    let response;
    try {
      response = await fetch(path, { headers, cache: "no-store" });
    } catch {
      // No answer at all (the silo stopped, the network failed): the next poll tries again.
      throw new Unreachable();
    }

    if (response.status === 401) {
      throw new Unauthorized();
    }

    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new Error(problem?.detail ?? problem?.title ?? `${path}: HTTP ${response.status}`);
    }

    return response.json();
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, value);
    }

    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function svg(tag, attributes = {}, text) {
    const node = document.createElementNS(svgNamespace, tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, value);
    }

    if (text !== undefined) {
      node.textContent = text;
    }

    return node;
  }

  const formatCount = (value) => (value === null || value === undefined ? "–" : numbers.format(value));
  const formatRate = (value) => (value === null || value === undefined ? "–" : rates.format(value));

  function formatBytes(value) {
    if (value === null || value === undefined) {
      return "–";
    }

    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let scaled = value;
    let unit = 0;
    while (scaled >= 1024 && unit < units.length - 1) {
      scaled /= 1024;
      unit++;
    }

    return `${unit === 0 ? numbers.format(scaled) : rates.format(scaled)} ${units[unit]}`;
  }

  function formatDuration(seconds) {
    if (seconds === null || seconds === undefined) {
      return "–";
    }

    const s = Math.floor(seconds);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (h > 0) {
      return `${h}h ${String(m).padStart(2, "0")}m`;
    }

    return m > 0 ? `${m}m ${String(s % 60).padStart(2, "0")}s` : `${s}s`;
  }

  function setValue(id, value, text) {
    const node = $(id);
    node.textContent = text;
    node.dataset.value = value === null || value === undefined ? "" : String(value);
  }

  function setConnection(text, lost) {
    $("connection").textContent = text;
    $("connection").classList.toggle("lost", lost);
  }

  function renderFlows(flows) {
    const body = $("flows").tBodies[0];
    body.replaceChildren(...flows.map((flow) => {
      const row = element("tr", { "data-flow": flow.id },
        element("td", {}, flow.id),
        element("td", {}, element("span", { class: `status ${flow.status}`, title: flow.error ?? "" }, flow.status)),
        element("td", { class: "num" }, formatCount(flow.epoch)),
        element("td", { class: "num" }, formatCount(flow.committedEpoch)),
        element("td", { class: "num" }, formatCount(flow.recordsIn)),
        element("td", { class: "num" }, formatCount(flow.recordsOut)),
        element("td", { class: "num" }, formatDuration(flow.uptimeSeconds)));
      row.classList.toggle("selected", flow.id === selected);
      row.addEventListener("click", () => select(flow.id));
      return row;
    }));
    $("no-flows").hidden = flows.length > 0;
  }

  function select(id) {
    selected = id;
    history.replaceState(null, "", "#flow=" + encodeURIComponent(id));
    for (const row of $("flows").tBodies[0].rows) {
      row.classList.toggle("selected", row.dataset.flow === id);
    }

    tick();
  }

  // Each step's counts summed over the partitions, by kind: every step's "in" and "out", an input's "read", an
  // output's "written", a stateful step's "keys" and "snapshot_bytes", a tolerant step's "skipped".
  function stepTotals(flow) {
    const totals = new Map();
    for (const partition of flow.partitionProgress) {
      for (const step of partition.steps) {
        const total = totals.get(step.step) ?? {};
        total[step.kind] = (total[step.kind] ?? 0) + step.count;
        totals.set(step.step, total);
      }
    }

    return totals;
  }

  const kindOf = (total) => (total.read !== undefined ? "input" : total.written !== undefined ? "output" : total.keys !== undefined ? "stateful" : "counted");

  // The count a step's rate is of: what an input read, what an output wrote, what any other step received.
  function recordsOf(total) {
    switch (kindOf(total)) {
      case "input": return { count: total.read, label: "read" };
      case "output": return { count: total.written, label: "written" };
      default: return total.in === undefined ? null : { count: total.in, label: "in" };
    }
  }

  const backpressureOf = (flow) => flow.partitionProgress.reduce((sum, partition) => sum + (partition.backpressureSeconds ?? 0), 0);

  function remember(flow, totals) {
    const values = new Map([["in", flow.recordsIn ?? 0], ["out", flow.recordsOut ?? 0], ["backpressure", backpressureOf(flow)]]);
    for (const [step, total] of totals) {
      const records = recordsOf(total);
      if (records !== null) {
        values.set("step:" + step, records.count);
      }
    }

    const now = performance.now();
    samples.push({ time: now, values });
    while (samples.length > 2 && now - samples[1].time > rateWindowMilliseconds) {
      samples.shift();
    }
  }

  // Records per second of one count over the window; counts restart with each attempt, so only the samples after
  // the last drop are used. Null until two samples a report apart exist.
  function rate(key) {
    const series = samples.filter((sample) => sample.values.has(key));
    let start = 0;
    for (let i = 1; i < series.length; i++) {
      if (series[i].values.get(key) < series[i - 1].values.get(key)) {
        start = i;
      }
    }

    const first = series[start];
    const last = series[series.length - 1];
    if (!first || last === first || last.time - first.time < 500) {
      return null;
    }

    return (last.values.get(key) - first.values.get(key)) * 1000 / (last.time - first.time);
  }

  function renderFlow(flow) {
    $("flow").hidden = false;
    $("flow-id").textContent = flow.id;
    const status = $("flow-status");
    status.textContent = flow.status;
    status.className = "status " + flow.status;
    $("flow-error").hidden = !flow.error;
    $("flow-error").textContent = flow.error ? "Last error: " + flow.error : "";

    const totals = stepTotals(flow);
    remember(flow, totals);
    const running = flow.status === "running";
    const rateIn = running ? rate("in") : null;
    const rateOut = running ? rate("out") : null;
    setValue("flow-rate-in", rateIn, formatRate(rateIn));
    setValue("flow-rate-out", rateOut, formatRate(rateOut));
    setValue("flow-records-in", flow.recordsIn, formatCount(flow.recordsIn));
    setValue("flow-records-out", flow.recordsOut, formatCount(flow.recordsOut));
    setValue("flow-epoch", flow.epoch, formatCount(flow.epoch));
    setValue("flow-closed", flow.closedEpoch, formatCount(flow.closedEpoch));
    setValue("flow-committed", flow.committedEpoch, flow.recovery === null ? "no store" : formatCount(flow.committedEpoch));
    // Lag: epochs read in but not yet durable; without a store nothing is committed, so there is no lag to show.
    const lag = flow.recovery !== null && flow.epoch !== null && flow.committedEpoch !== null ? Math.max(0, flow.epoch - flow.committedEpoch) : null;
    setValue("flow-lag", lag, lag === null ? "–" : `${lag} epoch${lag === 1 ? "" : "s"} (~${formatDuration(lag * flow.epochIntervalSeconds)})`);
    // Backpressure: the share of the running partitions' time their sources waited, over the last few seconds.
    const waited = backpressureOf(flow);
    const runningPartitions = flow.partitionProgress.filter((partition) => partition.state === "running").length;
    const waitRate = running && runningPartitions > 0 ? rate("backpressure") : null;
    const share = waitRate === null ? "" : ` (${Math.round(Math.min(1, Math.max(0, waitRate / runningPartitions)) * 100)}%)`;
    setValue("flow-backpressure", waited, `${rates.format(waited)} s${share}`);
    setValue("flow-attempts", flow.attempts, formatCount(flow.attempts));
    setValue("flow-uptime", flow.uptimeSeconds, formatDuration(flow.uptimeSeconds));

    renderState(totals);
    renderPartitions(flow);
    renderDeployment(flow);
    updateGraph(totals, running);
  }

  function renderState(totals) {
    const keyed = [...totals].filter(([, total]) => total.keys !== undefined);
    $("state").tBodies[0].replaceChildren(...keyed.map(([step, total]) =>
      element("tr", { "data-step": step },
        element("td", {}, step),
        element("td", { class: "num keys", "data-value": String(total.keys) }, formatCount(total.keys)),
        element("td", { class: "num snapshot", "data-value": String(total.snapshot_bytes ?? 0) }, formatBytes(total.snapshot_bytes ?? 0)))));
    $("no-state").hidden = keyed.length > 0;
  }

  function renderPartitions(flow) {
    const silos = new Map();
    for (const partition of flow.partitionProgress) {
      const silo = partition.silo ?? "(not started)";
      const counts = silos.get(silo) ?? { running: 0, ended: 0 };
      counts[partition.state === "running" ? "running" : "ended"]++;
      silos.set(silo, counts);
    }

    $("silos").tBodies[0].replaceChildren(...[...silos].map(([silo, counts]) =>
      element("tr", {}, element("td", {}, silo), element("td", { class: "num" }, String(counts.running)), element("td", { class: "num" }, String(counts.ended)))));
    $("partitions").tBodies[0].replaceChildren(...flow.partitionProgress.map((partition) =>
      element("tr", {},
        element("td", { class: "num" }, String(partition.index)),
        element("td", {}, partition.silo ?? "–"),
        element("td", {}, partition.state),
        element("td", { class: "num" }, formatCount(partition.epoch)),
        element("td", { class: "num" }, formatCount(partition.closedEpoch)),
        element("td", { class: "num" }, formatCount(partition.recordsIn)),
        element("td", { class: "num" }, formatCount(partition.recordsOut)),
        element("td", { class: "num" }, `${rates.format(partition.backpressureSeconds ?? 0)} s`))));
  }

  function renderDeployment(flow) {
    const rows = [
      ["Dataflow", flow.flowId],
      ["Code", flow.origin],
      ["Execution", flow.execution],
      ["Partitions", String(flow.partitions)],
      ["Epoch interval", `${flow.epochIntervalSeconds} s`],
      ["Recovery", flow.recovery ?? "none"],
      ["Deployed", new Date(flow.deployedAt).toLocaleString()],
      ["Ended", flow.endedAt ? `${new Date(flow.endedAt).toLocaleString()} (${flow.outcome})` : "–"],
    ];
    $("deployment").replaceChildren(...rows.flatMap(([name, value]) => [element("dt", {}, name), element("dd", {}, value)]));
  }

  // A layered drawing: a step's layer is one below its lowest producer, steps of a layer are ordered by where their
  // producers are, and every stream is a curve from its producer's bottom to its consumer's top.
  function drawGraph(graph) {
    const root = $("graph");
    root.replaceChildren();
    const byId = new Map(graph.steps.map((step, index) => [step.id, { ...step, index }]));
    for (const step of byId.values()) {
      // Steps come in the order they were added, so every producer has its layer already.
      step.layer = step.inputs.reduce((layer, input) => Math.max(layer, (byId.get(input.step)?.layer ?? -1) + 1), 0);
      step.width = Math.max(150, 24 + 7.4 * Math.max(step.id.length, step.operator.length + 2, 24));
    }

    const layers = [];
    for (const step of byId.values()) {
      (layers[step.layer] ??= []).push(step);
    }

    const nodeHeight = 72;
    const layerGap = 46;
    const nodeGap = 28;
    const margin = 12;
    const widthOf = (layer) => layer.reduce((sum, step) => sum + step.width, 0) + nodeGap * (layer.length - 1);
    for (const [depth, layer] of layers.entries()) {
      if (depth > 0) {
        const position = (step) => step.inputs.length === 0
          ? step.index
          : step.inputs.reduce((sum, input) => sum + (byId.get(input.step)?.x ?? 0), 0) / step.inputs.length;
        layer.sort((a, b) => position(a) - position(b));
      }

      let x = 0;
      for (const step of layer) {
        step.x = x + step.width / 2;
        x += step.width + nodeGap;
      }
    }

    const width = Math.max(...layers.map(widthOf)) + 2 * margin + 140;
    for (const layer of layers) {
      const offset = margin + (width - 140 - 2 * margin - widthOf(layer)) / 2;
      for (const step of layer) {
        step.x += offset;
        step.y = margin + step.layer * (nodeHeight + layerGap);
      }
    }

    const height = margin * 2 + layers.length * nodeHeight + (layers.length - 1) * layerGap;
    root.setAttribute("viewBox", `0 0 ${width} ${height}`);
    root.setAttribute("width", String(width));
    root.setAttribute("height", String(height));

    const defs = svg("defs");
    // Sized in the drawing's units, so a thick (exchanged) stream gets the same head as a thin one.
    const marker = svg("marker", {
      id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "9", markerHeight: "9", markerUnits: "userSpaceOnUse", orient: "auto-start-reverse",
    });
    marker.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z" }));
    defs.append(marker);
    root.append(defs);

    const ports = new Map();
    for (const step of byId.values()) {
      for (const input of step.inputs) {
        (ports.get(input.step) ?? ports.set(input.step, new Set()).get(input.step)).add(input.port);
      }
    }

    for (const step of byId.values()) {
      for (const input of step.inputs) {
        const from = byId.get(input.step);
        if (!from) {
          continue;
        }

        const x1 = from.x;
        const y1 = from.y + nodeHeight;
        const x2 = step.x;
        const y2 = step.y;
        const middle = (y1 + y2) / 2;
        root.append(svg("path", {
          class: input.exchange ? "edge exchange" : "edge",
          d: `M ${x1} ${y1} C ${x1} ${middle}, ${x2} ${middle}, ${x2} ${y2 - 2}`,
          "marker-end": "url(#arrow)",
          "data-from": input.step,
          "data-to": step.id,
        }));
        let label = ports.get(input.step).size > 1 ? `${input.port}: ${input.type}` : input.type;
        if (input.exchange) {
          label += `, by ${input.exchange.replace("_", " ")}`;
        }

        root.append(svg("text", { class: "edge-label", x: String((x1 + x2) / 2 + 8), y: String(middle + 4) }, label));
      }
    }

    for (const step of byId.values()) {
      const node = svg("g", { class: "node", "data-step": step.id, transform: `translate(${step.x - step.width / 2}, ${step.y})` });
      node.append(svg("rect", { width: String(step.width), height: String(nodeHeight) }));
      node.append(svg("text", { class: "id", x: "10", y: "17" }, step.id));
      node.append(svg("text", { class: "operator", x: "10", y: "32" }, step.operator));
      node.append(svg("text", { class: "live", x: "10", y: "49" }));
      node.append(svg("text", { class: "state", x: "10", y: "64" }));
      root.append(node);
    }
  }

  function updateGraph(totals, running) {
    for (const node of $("graph").querySelectorAll("g.node")) {
      const step = node.dataset.step;
      const total = totals.get(step);
      const live = node.querySelector("text.live");
      const state = node.querySelector("text.state");
      const records = total ? recordsOf(total) : null;
      if (!records) {
        live.textContent = "";
        state.textContent = "";
        delete node.dataset.count;
        continue;
      }

      node.dataset.count = String(records.count);
      node.classList.add(kindOf(total));
      const perSecond = running ? rate("step:" + step) : null;
      node.dataset.rate = perSecond === null ? "" : String(perSecond);
      live.textContent = `${formatCount(records.count)} ${records.label}` + (perSecond === null ? "" : ` · ${formatRate(perSecond)}/s`);
      state.textContent = total.keys === undefined ? "" : `${formatCount(total.keys)} keys · ${formatBytes(total.snapshot_bytes ?? 0)} snapshots`;
    }
  }

  async function tick() {
    if (waitingForToken) {
      return;
    }

    try {
      const flows = await api("flows");
      if (selected === null || !flows.some((flow) => flow.id === selected)) {
        const preferred = selectionFromAddress();
        const first = flows.find((flow) => flow.id === preferred) ?? flows.find((flow) => flow.status === "running") ?? flows[0];
        selected = first ? first.id : null;
      }

      renderFlows(flows);
      if (selected === null) {
        $("flow").hidden = true;
      } else {
        if (graphOf !== selected) {
          drawGraph(await api(`flows/${encodeURIComponent(selected)}/graph`));
          graphOf = selected;
          samples = [];
        }

        renderFlow(await api(`flows/${encodeURIComponent(selected)}`));
      }

      setConnection(`updated ${new Date().toLocaleTimeString()}`, false);
    } catch (error) {
      if (error instanceof Unauthorized) {
        askForToken(sessionStorage.getItem(tokenKey) ? "that token was refused" : "");
        return;
      }

      setConnection(error instanceof Unreachable ? "cannot reach the silo; retrying" : error.message, true);
    }
  }

  function askForToken(message) {
    waitingForToken = true;
    $("token-form").hidden = false;
    $("token-error").textContent = message;
    setConnection("waiting for the API's token", true);
    $("token").focus();
  }

  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(tokenKey, $("token").value.trim());
    $("token").value = "";
    $("token-form").hidden = true;
    waitingForToken = false;
    tick();
  });

  async function loop() {
    await tick();
    setTimeout(loop, pollMilliseconds);
  }

  takeTokenFromAddress();
  selected = selectionFromAddress();
  loop();
})();
