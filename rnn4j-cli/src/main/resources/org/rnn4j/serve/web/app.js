// The web app of rnn4j serve: plain JavaScript, no library, no build step. It talks to the server's JSON routes
// (docs/serving.md): /v1/models, /v1/models/{name}/generate (server-sent events), /explain-classify, /inside and
// /v1/explain/gradients. Elements that tests drive carry data-testid attributes; keep them stable.
'use strict';

const $ = id => document.getElementById(id);
const state = { models: [], model: null, inside: null, selection: null };

/** The tabs each kind of model offers (the kinds of GET /v1/models); Gradients needs no model. */
const TABS = {
  'language model': ['generate', 'inside'],
  'text classifier': ['classify'],
};

function showError(message) {
  const e = $('error');
  e.textContent = message || '';
  e.hidden = !message;
}

/** POSTs JSON; an answer that is not 2xx becomes an Error carrying the server's one-line message. */
async function postJson(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) {
    throw new Error(j.error || ('HTTP ' + r.status));
  }
  return j;
}

function modelPath(route) {
  return '/v1/models/' + encodeURIComponent(state.model.name) + '/' + route;
}

// ---- model picker and tabs ----------------------------------------------------------------------------------

async function loadModels() {
  const r = await fetch('/v1/models');
  const j = await r.json();
  state.models = j.models || [];
  const picker = $('model');
  picker.replaceChildren(...state.models.map(m => new Option(m.name + ' (' + m.kind + ')', m.name)));
  const wanted = state.models.find(m => TABS[m.kind]) || state.models[0];
  if (wanted) {
    picker.value = wanted.name;
  }
  picker.addEventListener('change', chooseModel);
  chooseModel();
}

function chooseModel() {
  state.model = state.models.find(m => m.name === $('model').value) || null;
  $('model-description').textContent = state.model ? state.model.description : '';
  const offered = (state.model && TABS[state.model.kind] || []).concat(['gradients']);
  $('no-model').hidden = state.models.some(m => TABS[m.kind]);
  document.querySelectorAll('#tabs button').forEach(b => { b.hidden = !offered.includes(b.dataset.tab); });
  const current = document.querySelector('#tabs button.active');
  showTab(current && offered.includes(current.dataset.tab) ? current.dataset.tab : offered[0]);
  state.inside = null;
  $('inside-chars').replaceChildren();
  $('classify-result').replaceChildren();
  $('generate-output').replaceChildren();
  if (offered.includes('inside')) {
    describeInside();
  }
}

function showTab(name) {
  document.querySelectorAll('#tabs button').forEach(b => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('section.tab').forEach(s => { s.hidden = s.id !== name; });
  showError('');
  if (name === 'gradients' && !$('gradient-chart').firstChild) {
    drawGradients();
  }
}

// ---- Generate: the text appears as the server streams it ----------------------------------------------------

async function generate() {
  const out = $('generate-output');
  const button = $('generate-button');
  out.dataset.done = 'false';
  out.replaceChildren();
  showError('');
  const prime = $('generate-prime').value;
  const bold = document.createElement('b');
  bold.textContent = prime;
  const text = document.createTextNode('');
  out.append(bold, text);
  const body = {
    prime: prime,
    max_tokens: Number($('generate-length').value),
    temperature: Number($('generate-temperature').value),
    top_k: Number($('generate-top-k').value),
    top_p: Number($('generate-top-p').value),
    stream: true,
  };
  if ($('generate-seed').value !== '') {
    body.seed = Number($('generate-seed').value);
  }
  button.disabled = true;
  const started = performance.now();
  let tokens = 0;
  try {
    const r = await fetch(modelPath('generate'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) {
      throw new Error((await r.json()).error || ('HTTP ' + r.status));
    }
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      buffered += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) { // one server-sent event: "data: ..." lines, a blank line
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const isError = event.startsWith('event: error');
        const data = event.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
        if (isError) {
          throw new Error(JSON.parse(data).error);
        }
        if (data !== '[DONE]') {
          text.appendData(JSON.parse(data).token);
          tokens++;
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    $('generate-status').textContent = tokens + ' tokens in ' + seconds.toFixed(2) + ' s';
  } catch (e) {
    showError(e.message);
  } finally {
    button.disabled = false;
    out.dataset.done = 'true';
  }
}

// ---- Classify: label probabilities, and the words that moved the decision (occlusion) ------------------------

async function classify() {
  const result = $('classify-result');
  result.dataset.done = 'false';
  showError('');
  try {
    const j = await postJson(modelPath('explain-classify'), { text: $('classify-input').value });
    const bars = Object.entries(j.probabilities).sort((a, b) => b[1] - a[1]).map(([label, p]) => {
      const row = div('bar');
      row.dataset.label = label;
      row.dataset.probability = String(p);
      const name = div('name');
      name.textContent = label;
      const fill = div('fill');
      fill.style.width = (p * 20).toFixed(2) + 'em';
      const value = document.createElement('span');
      value.textContent = (100 * p).toFixed(1) + ' %';
      row.append(name, fill, value);
      return row;
    });
    const heading = document.createElement('p');
    heading.textContent = 'Words coloured by how much removing each one lowers p(' + j.label + '): green spoke for it, red against it.';
    heading.className = 'muted';
    const words = div('words');
    words.dataset.testid = 'classify-words';
    const text = $('classify-input').value;
    const largest = Math.max(1e-6, ...j.words.map(w => Math.abs(w.change)));
    let at = 0;
    for (const w of j.words) {
      words.append(document.createTextNode(text.slice(at, w.start)));
      const span = document.createElement('span');
      span.textContent = w.word;
      span.dataset.change = String(w.change);
      span.title = 'without it p(' + j.label + ') = ' + w.probability_without.toFixed(4) + ' (change ' + w.change.toFixed(4) + ')';
      const strength = Math.abs(w.change) / largest;
      span.style.background = w.change >= 0 ? 'rgba(30, 160, 60, ' + (0.6 * strength).toFixed(3) + ')'
        : 'rgba(210, 40, 40, ' + (0.6 * strength).toFixed(3) + ')';
      words.append(span);
      at = w.end;
    }
    words.append(document.createTextNode(text.slice(at)));
    result.replaceChildren(...bars, heading, words);
  } catch (e) {
    result.replaceChildren();
    showError(e.message);
  } finally {
    result.dataset.done = 'true';
  }
}

function div(className) {
  const d = document.createElement('div');
  d.className = className;
  return d;
}

// ---- Inside: every unit, state and gate at every character --------------------------------------------------

async function describeInside() {
  try {
    const r = await fetch(modelPath('inside'));
    const j = await r.json();
    if (!r.ok) {
      document.querySelector('[data-tab=inside]').hidden = true;
      return;
    }
    state.insideLayers = j.layers;
    $('inside-layer').replaceChildren(...j.layers.map(l => new Option(l.layer + ' (' + l.cell + ', ' + l.hidden + ' units)', l.layer)));
    fillPickers();
  } catch (e) {
    showError(e.message);
  }
}

/** The state/gate and unit pickers of the chosen layer. */
function fillPickers() {
  const layer = state.insideLayers[Number($('inside-layer').value) || 0];
  const gate = $('inside-gate');
  const keep = gate.value;
  const names = layer.states.concat(layer.gates);
  gate.replaceChildren(...names.map(n => new Option(describeValue(n), n)));
  gate.value = names.includes(keep) ? keep : 'h';
  const unit = $('inside-unit');
  const keepUnit = Number(unit.value) || 0;
  unit.replaceChildren(...Array.from({ length: layer.hidden }, (_, j) => new Option(String(j), String(j))));
  unit.value = String(Math.min(keepUnit, layer.hidden - 1));
}

function describeValue(name) {
  return {
    h: 'h (hidden state)', c: 'c (cell state)', i: 'i (input gate)', f: 'f (forget gate)', g: 'g (candidate)',
    o: 'o (output gate)', r: 'r (reset gate)', z: 'z (update gate)', n: 'n (candidate)',
  }[name] || name;
}

/** Gates squashed by a sigmoid lie in [0, 1]; the rest (h, c, tanh candidates) are signed. */
function isSigmoid(name) {
  return ['i', 'f', 'o', 'r', 'z'].includes(name);
}

async function lookInside() {
  const chars = $('inside-chars');
  chars.dataset.done = 'false';
  showError('');
  try {
    state.inside = await postJson(modelPath('inside'), { text: $('inside-input').value });
    state.selection = null;
    $('inside-find').disabled = true;
    $('inside-find-result').replaceChildren();
    renderInside();
  } catch (e) {
    state.inside = null;
    chars.replaceChildren();
    showError(e.message);
  } finally {
    chars.dataset.done = 'true';
  }
}

/** values[t][j] of the chosen layer and state or gate. */
function chosenValues() {
  const layer = state.inside.layers[Number($('inside-layer').value) || 0];
  return layer.values[$('inside-gate').value] || layer.values.h;
}

function colour(name, v, scale) {
  if (isSigmoid(name)) { // 0 white, 1 deep green
    const a = Math.max(0, Math.min(1, v));
    return 'rgba(20, 140, 70, ' + (0.85 * a).toFixed(3) + ')';
  }
  const a = Math.max(-1, Math.min(1, v / scale)); // −1 blue, 0 white, +1 red
  return a >= 0 ? 'rgba(215, 48, 39, ' + (0.85 * a).toFixed(3) + ')' : 'rgba(49, 94, 200, ' + (-0.85 * a).toFixed(3) + ')';
}

function renderInside() {
  if (!state.inside) {
    return;
  }
  const name = $('inside-gate').value;
  const unit = Number($('inside-unit').value) || 0;
  const values = chosenValues();
  const column = values.map(row => row[unit]);
  const scale = isSigmoid(name) ? 1 : Math.max(1e-6, ...column.map(Math.abs));
  $('inside-legend').textContent = 'layer ' + $('inside-layer').value + ', ' + describeValue(name) + ', unit ' + unit + ': '
    + (isSigmoid(name) ? 'white 0, green 1' : 'blue −' + scale.toFixed(3) + ', white 0, red +' + scale.toFixed(3))
    + '. Under each character: the model\'s five best guesses for the next one.';
  const cells = state.inside.tokens.map((token, t) => {
    const cell = document.createElement('span');
    cell.className = 'cell';
    cell.dataset.index = String(t);
    cell.dataset.value = String(column[t]);
    cell.title = describeValue(name) + '[' + unit + '] = ' + column[t].toFixed(4);
    const ch = document.createElement('span');
    ch.className = 'ch';
    ch.textContent = token === '\n' ? '⏎' : token;
    ch.style.background = colour(name, column[t], scale);
    const guesses = document.createElement('span');
    guesses.className = 'guesses';
    guesses.textContent = state.inside.next[t].map(g => visible(g.token) + ' ' + Math.round(100 * g.probability)).join('\n');
    cell.append(ch, guesses);
    return cell;
  });
  $('inside-chars').replaceChildren(...cells);
  markSelection();
  drawHeatmap(values, name);
}

function visible(token) {
  return token === '\n' ? '⏎' : token === ' ' ? '␣' : token;
}

/** Units × time, one pixel block per value, for the chosen layer and state or gate. */
function drawHeatmap(values, name) {
  const canvas = $('inside-heatmap');
  const steps = values.length;
  const units = values[0].length;
  const size = Math.max(2, Math.min(8, Math.floor(900 / steps)));
  const rowHeight = Math.max(2, Math.min(8, Math.floor(600 / units)));
  canvas.width = steps * size;
  canvas.height = units * rowHeight;
  canvas.dataset.units = String(units);
  canvas.dataset.steps = String(steps);
  canvas.dataset.rowHeight = String(rowHeight);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (let j = 0; j < units; j++) {
    const scale = isSigmoid(name) ? 1 : Math.max(1e-6, ...values.map(row => Math.abs(row[j])));
    for (let t = 0; t < steps; t++) {
      ctx.fillStyle = colour(name, values[t][j], scale);
      ctx.fillRect(t * size, j * rowHeight, size, rowHeight);
    }
  }
  const unit = Number($('inside-unit').value) || 0;
  ctx.strokeStyle = '#000';
  ctx.strokeRect(0.5, unit * rowHeight + 0.5, canvas.width - 1, rowHeight - 1);
}

function pickHeatmapRow(event) {
  const canvas = $('inside-heatmap');
  if (!state.inside) {
    return;
  }
  const y = (event.clientY - canvas.getBoundingClientRect().top) * canvas.height / canvas.clientHeight;
  const unit = Math.floor(y / Number(canvas.dataset.rowHeight));
  if (unit >= 0 && unit < Number(canvas.dataset.units)) {
    $('inside-unit').value = String(unit);
    renderInside();
  }
}

// A selection is [from, to] (token indices, inclusive): dragged across the text, or a click and a shift-click.

function cellIndex(node) {
  const el = node && (node.nodeType === 1 ? node : node.parentElement);
  const cell = el && el.closest('#inside-chars .cell');
  return cell ? Number(cell.dataset.index) : null;
}

function selectFromDrag() {
  const s = window.getSelection();
  if (!s || s.isCollapsed) {
    return;
  }
  const a = cellIndex(s.anchorNode);
  const b = cellIndex(s.focusNode);
  if (a !== null && b !== null) {
    setSelection(Math.min(a, b), Math.max(a, b));
  }
}

function selectFromClick(event) {
  const t = cellIndex(event.target);
  if (t === null || !window.getSelection().isCollapsed) {
    return;
  }
  if (event.shiftKey && state.selection) {
    setSelection(Math.min(state.selection.anchor, t), Math.max(state.selection.anchor, t), state.selection.anchor);
  } else {
    setSelection(t, t);
  }
}

function setSelection(from, to, anchor) {
  state.selection = { from: from, to: to, anchor: anchor === undefined ? from : anchor };
  $('inside-find').disabled = false;
  markSelection();
}

function markSelection() {
  const s = state.selection;
  document.querySelectorAll('#inside-chars .cell').forEach(cell => {
    const t = Number(cell.dataset.index);
    cell.classList.toggle('selected', !!s && t >= s.from && t <= s.to);
  });
}

/**
 * Units ranked by how selectively they fire on the selection, as LSTMVis does: score_j = mean of v[t][j] over the
 * selected steps − mean over the others, for the chosen layer and state or gate.
 */
function findUnits() {
  if (!state.inside || !state.selection) {
    return;
  }
  const values = chosenValues();
  const { from, to } = state.selection;
  const inside = to - from + 1;
  const outside = values.length - inside;
  const scores = values[0].map((_, j) => {
    let sumIn = 0;
    let sumOut = 0;
    values.forEach((row, t) => { if (t >= from && t <= to) { sumIn += row[j]; } else { sumOut += row[j]; } });
    return { unit: j, score: sumIn / inside - (outside > 0 ? sumOut / outside : 0) };
  });
  scores.sort((a, b) => b.score - a.score);
  const list = $('inside-find-result');
  list.replaceChildren(...scores.slice(0, 10).map(s => {
    const li = document.createElement('li');
    li.dataset.unit = String(s.unit);
    li.dataset.score = String(s.score);
    li.textContent = 'unit ' + s.unit + ': mean inside − mean outside = ' + s.score.toFixed(4);
    li.addEventListener('click', () => { $('inside-unit').value = String(s.unit); renderInside(); });
    return li;
  }));
}

// ---- Gradients: the vanishing and exploding picture, on a log axis -------------------------------------------

const SERIES_COLOURS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd'];
let gradientRequest = 0;

async function drawGradients() {
  const length = Number($('gradient-length').value);
  $('gradient-length-shown').textContent = String(length);
  const chart = $('gradient-chart');
  chart.dataset.done = 'false';
  const mine = ++gradientRequest;
  const train = Number($('gradient-train').value);
  if (train > 0) {
    chart.replaceChildren(document.createTextNode('training each cell for ' + train + ' s on the server…'));
  }
  try {
    const j = await postJson('/v1/explain/gradients', { length: length, hidden: Number($('gradient-hidden').value),
      train_seconds: Number($('gradient-train').value) });
    if (mine === gradientRequest) { // a later slider position has not overtaken this answer
      chart.replaceChildren(gradientSvg(j));
      chart.dataset.length = String(j.length);
      chart.dataset.done = 'true';
    }
  } catch (e) {
    showError(e.message);
    chart.dataset.done = 'true';
  }
}

function svgElement(tag, attributes, text) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, String(v)));
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

/** A log-scale line chart of ‖dLoss/dh_t‖ against t: one decade per grid line. */
function gradientSvg(j) {
  const width = 880;
  const height = 420;
  const left = 70;
  const right = 260;
  const top = 20;
  const bottom = 50;
  const positive = j.series.flatMap(s => s.norms).filter(v => v > 0 && isFinite(v));
  const low = Math.floor(Math.log10(Math.min(...positive)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...positive))));
  const x = t => left + (width - left - right) * t / Math.max(1, j.length - 1);
  const y = v => top + (height - top - bottom) * (high - Math.log10(Math.max(v, Math.pow(10, low)))) / (high - low);
  const svg = svgElement('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
  svg.append(svgElement('title', {}, '||dLoss/dh_t|| against t, log scale, T = ' + j.length));
  const step = Math.max(1, Math.ceil((high - low) / 12));
  for (let d = low; d <= high; d += step) {
    svg.append(svgElement('line', { x1: left, x2: width - right, y1: y(Math.pow(10, d)), y2: y(Math.pow(10, d)), stroke: '#e4e4e4' }));
    svg.append(svgElement('text', { x: left - 6, y: y(Math.pow(10, d)) + 4, 'text-anchor': 'end' }, '1e' + d));
  }
  const ticks = 5;
  for (let k = 0; k <= ticks; k++) {
    const t = Math.round((j.length - 1) * k / ticks);
    svg.append(svgElement('text', { x: x(t), y: height - bottom + 18, 'text-anchor': 'middle' }, String(t)));
  }
  svg.append(svgElement('text', { x: (left + width - right) / 2, y: height - 10, 'text-anchor': 'middle' },
    'time step t (the loss reads the last step, t = ' + (j.length - 1) + ')'));
  svg.append(svgElement('text', { x: 14, y: (top + height - bottom) / 2, transform: 'rotate(-90 14 ' + (top + height - bottom) / 2 + ')', 'text-anchor': 'middle' },
    'mean ||dLoss/dh_t||'));
  svg.append(svgElement('rect', { x: left, y: top, width: width - left - right, height: height - top - bottom, fill: 'none', stroke: '#999' }));
  // A trained curve takes its cell's colour, dashed: "lstm trained 5 s (MSE 0.012)" goes with "lstm untrained".
  const cellOf = name => name.split(' ')[0] + (name.startsWith('rnn_relu') ? ' radius' : '');
  const cells = [...new Set(j.series.map(s => cellOf(s.name)))];
  j.series.forEach((s, k) => {
    const colour = SERIES_COLOURS[cells.indexOf(cellOf(s.name)) % SERIES_COLOURS.length];
    const dash = / trained /.test(s.name) ? '6 4' : 'none';
    const points = s.norms.map((v, t) => x(t).toFixed(1) + ',' + y(v).toFixed(1)).join(' ');
    svg.append(svgElement('polyline', { points: points, fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash, 'data-series': s.name }));
    svg.append(svgElement('line', { x1: width - right + 15, x2: width - right + 40, y1: top + 20 + 22 * k, y2: top + 20 + 22 * k, stroke: colour, 'stroke-width': 3, 'stroke-dasharray': dash }));
    svg.append(svgElement('text', { x: width - right + 46, y: top + 24 + 22 * k }, s.name));
  });
  return svg;
}

// ---- wiring -------------------------------------------------------------------------------------------------

document.querySelectorAll('#tabs button').forEach(b => b.addEventListener('click', () => showTab(b.dataset.tab)));
$('generate-button').addEventListener('click', generate);
$('classify-button').addEventListener('click', classify);
$('inside-button').addEventListener('click', lookInside);
$('inside-layer').addEventListener('change', () => { fillPickers(); renderInside(); });
$('inside-gate').addEventListener('change', renderInside);
$('inside-unit').addEventListener('change', renderInside);
$('inside-guesses').addEventListener('change', e => $('inside-chars').classList.toggle('no-guesses', !e.target.checked));
$('inside-chars').addEventListener('mouseup', selectFromDrag);
$('inside-chars').addEventListener('click', selectFromClick);
$('inside-find').addEventListener('click', findUnits);
$('inside-heatmap').addEventListener('click', pickHeatmapRow);
let sliderTimer = null;
$('gradient-length').addEventListener('input', () => {
  $('gradient-length-shown').textContent = $('gradient-length').value;
  clearTimeout(sliderTimer);
  sliderTimer = setTimeout(drawGradients, 150);
});
$('gradient-hidden').addEventListener('change', drawGradients);
$('gradient-train').addEventListener('change', drawGradients);
loadModels().catch(e => showError('cannot list the models: ' + e.message));
