/*
 * trail-insights console: a single page over the JSON query API (/api/v1/...).
 *
 * Views (by URL hash): #/ (insights list, filters in the hash), #/insights/<sharedEventID>,
 * #/baselines/<account>/<region>/<eventSource>/<eventName>.
 *
 * Rules kept throughout: every value from the API reaches the DOM through textContent or
 * createElement, never innerHTML; times are shown in UTC; one refresh timer at a time, cleared on
 * navigation, and a refresh is only scheduled once the previous fetch has finished, so fetches
 * never overlap.
 */
(function () {
  'use strict';

  const API = '/api/v1';
  const REFRESH_MS = 10000;
  const RESTORE_RETRY_S = 5;
  const PRESETS = { '1h': 3600, '24h': 86400, '7d': 7 * 86400, '90d': 90 * 86400 };
  const ATTRIBUTES = [
    ['userIdentityArn', 'User identity ARN'],
    ['userAgent', 'User agent'],
    ['errorCode', 'Error code'],
  ];
  const TYPES = { ApiCallRateInsight: 'Call rate', ApiErrorRateInsight: 'Error rate' };
  const COLORS = {
    count: '#a3adbb',
    countInsight: '#dd8a1f',
    countOpen: '#d9dee6',
    expected: '#2563eb',
    band: 'rgba(37, 99, 235, 0.12)',
    bandEdge: 'rgba(37, 99, 235, 0.35)',
    stretch: 'rgba(245, 158, 11, 0.14)',
    stretchText: '#b45309',
    grid: 'rgba(15, 23, 42, 0.07)',
    tick: '#64748b',
  };

  /** Per-navigation state: a new generation makes every late answer of the old view harmless. */
  const view = {
    gen: 0,
    name: null,
    timer: null,
    controller: null,
    charts: [],
    listForm: null,
    listResults: null,
  };

  // ---------------------------------------------------------------- DOM helpers

  /** createElement with attributes and children; strings become text nodes, never markup. */
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    append(e, children);
    return e;
  }

  function append(parent, children) {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) append(parent, c);
      else parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  const main = () => document.getElementById('main');

  // ---------------------------------------------------------------- formatting

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  function parseTime(iso) {
    if (typeof iso !== 'string') return null;
    const d = new Date(iso);
    return isNaN(d.getTime()) ? null : d;
  }

  /** "2026-11-21 09:41" (UTC). */
  function fmtMinute(iso) {
    const d = parseTime(iso);
    if (!d) return '—';
    return d.toISOString().slice(0, 16).replace('T', ' ');
  }

  /** "2026-11-21 09:41:00 UTC". */
  function fmtTime(iso) {
    const d = parseTime(iso);
    if (!d) return '—';
    return d.toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  }

  function fmtClock(d) {
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
  }

  /** A rate or average, short and honest: 42, 4.25, 0.0123, 8.8e-5. */
  function fmtNum(x) {
    if (typeof x !== 'number' || !isFinite(x)) return '—';
    if (x === 0) return '0';
    const a = Math.abs(x);
    if (a >= 1000) return Math.round(x).toLocaleString('en-US');
    if (a >= 100) return x.toFixed(0);
    if (a >= 0.001) return String(Number(x.toPrecision(3)));
    return x.toExponential(1);
  }

  function fmtP(x) {
    if (typeof x !== 'number' || !isFinite(x)) return '—';
    return x >= 0.001 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
  }

  /** Minutes as "45 min", "3 h 20 min", "7 d". */
  function fmtMinutes(m) {
    if (typeof m !== 'number' || !isFinite(m)) return '—';
    if (m < 60) return m + ' min';
    if (m < 1440) {
      const r = m % 60;
      return Math.floor(m / 60) + ' h' + (r ? ' ' + r + ' min' : '');
    }
    const d = m / 1440;
    return (Number.isInteger(d) ? d : d.toFixed(1)) + ' d';
  }

  function typeLabel(type) {
    return TYPES[type] || String(type || '—');
  }

  /** The digest state of an insight: proven, pending, modified; nothing when digests are off. */
  function integrityBadge(state) {
    if (!state || state === 'off') return null;
    const titles = {
      proven: 'Every record of this insight is listed, unchanged, by a validly signed digest',
      pending: 'Not yet listed by a digest: the next digest of its chain proves it',
      modified: 'A validly signed digest lists this record with another SHA-256',
    };
    return h('span', {
      class: 'badge badge-integrity badge-' + (state in titles ? state : 'pending'),
      title: titles[state] || '',
      text: state === 'proven' ? 'signed' : state,
    });
  }

  function badge(state) {
    const s = state === 'open' ? 'open' : 'closed';
    return h('span', { class: 'badge badge-' + s, text: s });
  }

  function apiKeyLine(x) {
    return [x.eventSource, x.eventName].map((v) => String(v || '—')).join(' · ');
  }

  function setUpdated(when) {
    const e = document.getElementById('updated');
    if (e) e.textContent = when ? 'updated ' + fmtClock(when) + ' UTC' : '';
  }

  // ---------------------------------------------------------------- fetching and lifecycle

  /** GET a JSON document; resolves to {status, body, retryAfter}; rejects only on network errors. */
  async function getJson(path) {
    view.controller = new AbortController();
    const res = await fetch(path, {
      headers: { Accept: 'application/json' },
      signal: view.controller.signal,
      cache: 'no-store',
    });
    let body = null;
    const text = await res.text();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = { error: text.trim().slice(0, 300) };
      }
    }
    const ra = Number(res.headers.get('Retry-After'));
    return { status: res.status, body: body, retryAfter: isFinite(ra) && ra > 0 ? ra : null };
  }

  function errorText(r) {
    if (r.body && typeof r.body.error === 'string') return r.body.error;
    return 'the server answered HTTP ' + r.status;
  }

  function isAbort(e) {
    return e && e.name === 'AbortError';
  }

  /** Runs fn once after ms, unless the view changed meanwhile; replaces any pending timer. */
  function schedule(gen, ms, fn) {
    clearTimeout(view.timer);
    view.timer = setTimeout(() => {
      view.timer = null;
      if (gen === view.gen) fn();
    }, ms);
  }

  function destroyCharts() {
    for (const c of view.charts) c.destroy();
    view.charts = [];
  }

  /** Ends the current view: its timer, its fetch and its charts. Returns the new generation. */
  function leave() {
    view.gen++;
    clearTimeout(view.timer);
    view.timer = null;
    if (view.controller) view.controller.abort();
    view.controller = null;
    destroyCharts();
    view.name = null;
    view.listForm = null;
    view.listResults = null;
    return view.gen;
  }

  function notice(text, kind) {
    return h('p', { class: 'notice' + (kind ? ' ' + kind : ''), role: kind === 'error' ? 'alert' : null, text: text });
  }

  /** Replaces the page content; {@code key} names what is shown so a refresh can keep the scroll. */
  function show(...children) {
    showAs('', children);
  }

  function showAs(key, children) {
    const m = main();
    const keepScroll = key !== '' && m.dataset.view === key;
    const y = window.scrollY;
    m.replaceChildren();
    append(m, children);
    m.dataset.view = key;
    return keepScroll ? () => window.scrollTo(0, y) : () => {};
  }

  // ---------------------------------------------------------------- routing

  function route() {
    const hash = location.hash || '#/';
    const q = hash.indexOf('?');
    const path = q < 0 ? hash.slice(1) : hash.slice(1, q);
    const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
    const parts = path.split('/').filter((p) => p !== '');
    let segments;
    try {
      segments = parts.map(decodeURIComponent);
    } catch (e) {
      segments = null;
    }
    if (segments && segments.length === 0) {
      listView(params);
      return;
    }
    if (segments && segments[0] === 'insights' && segments.length === 2) {
      leave();
      insightView(segments[1]);
      return;
    }
    if (segments && segments[0] === 'baselines' && segments.length === 5) {
      leave();
      baselineView(segments.slice(1));
      return;
    }
    leave();
    setUpdated(null);
    document.title = 'Not found · trail-insights';
    show(
      h('h1', { text: 'Page not found' }),
      notice('There is no console page at this address.', 'error'),
      h('p', null, h('a', { href: '#/', text: '← All insights' })),
    );
  }

  // ---------------------------------------------------------------- list view

  const FILTERS = ['state', 'type', 'eventSource', 'eventName', 'account', 'region', 'since', 'limit'];

  function readFilters(params) {
    const f = {};
    for (const k of FILTERS) f[k] = (params.get(k) || '').trim();
    if (f.state !== 'open') f.state = 'all';
    return f;
  }

  /** ISO instant for a since filter: a preset is counted back from now; anything else passes as is. */
  function sinceInstant(since) {
    if (!since) return '';
    if (PRESETS[since]) {
      return new Date(Date.now() - PRESETS[since] * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return since;
  }

  function listQuery(f) {
    const q = new URLSearchParams();
    q.set('state', f.state);
    for (const k of ['type', 'eventSource', 'eventName', 'account', 'region']) {
      if (f[k]) q.set(k, f[k]);
    }
    if (f.since) q.set('since', sinceInstant(f.since));
    if (f.limit) q.set('limit', f.limit);
    return q.toString();
  }

  function hashFor(f) {
    const q = new URLSearchParams();
    for (const k of FILTERS) {
      if (k === 'state' && f.state === 'all') continue;
      if (f[k]) q.set(k, f[k]);
    }
    const s = q.toString();
    return s ? '#/?' + s : '#/';
  }

  function field(id, label, control, hint) {
    return h('div', { class: 'field' }, h('label', { for: id, text: label }), control, hint || null);
  }

  function select(id, name, options) {
    return h(
      'select',
      { id: id, name: name },
      options.map(([value, text]) => h('option', { value: value, text: text })),
    );
  }

  function buildFilterForm() {
    const since = select('f-since', 'since', [
      ['', 'All retained'],
      ['1h', 'Last hour'],
      ['24h', 'Last 24 hours'],
      ['7d', 'Last 7 days'],
      ['90d', 'Last 90 days'],
      ['custom', 'From a time…'],
    ]);
    const sinceAt = h('input', { id: 'f-since-at', name: 'sinceAt', type: 'datetime-local', step: 60 });
    const form = h(
      'form',
      { id: 'filters', class: 'filters', novalidate: true, 'aria-label': 'Insight filters' },
      field('f-state', 'State', select('f-state', 'state', [['all', 'All'], ['open', 'Open']])),
      field(
        'f-type',
        'Type',
        select('f-type', 'type', [
          ['', 'Any'],
          ['ApiCallRateInsight', 'Call rate'],
          ['ApiErrorRateInsight', 'Error rate'],
        ]),
      ),
      field('f-eventSource', 'Event source', h('input', { id: 'f-eventSource', name: 'eventSource', type: 'text', placeholder: 'ec2.amazonaws.com', autocomplete: 'off', spellcheck: 'false' })),
      field('f-eventName', 'Event name', h('input', { id: 'f-eventName', name: 'eventName', type: 'text', placeholder: 'DescribeInstances', autocomplete: 'off', spellcheck: 'false' })),
      field('f-account', 'Account', h('input', { id: 'f-account', name: 'account', type: 'text', inputmode: 'numeric', placeholder: '123456789012', autocomplete: 'off', class: 'narrow' })),
      field('f-region', 'Region', h('input', { id: 'f-region', name: 'region', type: 'text', placeholder: 'us-east-1', autocomplete: 'off', class: 'narrow' })),
      field('f-since', 'Since', since),
      field('f-since-at', 'From (UTC)', sinceAt),
      field('f-limit', 'Limit', h('input', { id: 'f-limit', name: 'limit', type: 'number', min: 1, max: 1000, placeholder: '100', class: 'tiny' })),
      h(
        'div',
        { class: 'field actions' },
        h('button', { type: 'submit', class: 'primary', text: 'Apply' }),
        h('button', { type: 'button', id: 'f-reset', text: 'Reset', onclick: () => (location.hash = '#/') }),
      ),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      applyForm(form);
    });
    // choices apply at once; typed fields apply on Enter, on Apply, or when they lose focus
    form.addEventListener('change', (ev) => {
      if (ev.target === since) syncSinceAt(form);
      if (ev.target.tagName === 'SELECT' || ev.target === sinceAt) applyForm(form);
    });
    return form;
  }

  function syncSinceAt(form) {
    const custom = form.elements.since.value === 'custom';
    form.elements.sinceAt.disabled = !custom;
    form.querySelector('#f-since-at').closest('.field').classList.toggle('muted', !custom);
  }

  function applyForm(form) {
    const e = form.elements;
    const f = {
      state: e.state.value,
      type: e.type.value,
      eventSource: e.eventSource.value.trim(),
      eventName: e.eventName.value.trim(),
      account: e.account.value.trim(),
      region: e.region.value.trim(),
      since: e.since.value,
      limit: e.limit.value.trim(),
    };
    if (f.since === 'custom') {
      // datetime-local has no zone; the console speaks UTC, so the value is read as UTC
      const v = e.sinceAt.value;
      f.since = v ? (v.length === 16 ? v + ':00' : v) + 'Z' : '';
    }
    const next = hashFor(f);
    if (next === (location.hash || '#/')) reloadList();
    else location.hash = next;
  }

  function fillForm(form, f) {
    const e = form.elements;
    e.state.value = f.state;
    e.type.value = TYPES[f.type] ? f.type : '';
    for (const k of ['eventSource', 'eventName', 'account', 'region', 'limit']) e[k].value = f[k];
    if (!f.since || PRESETS[f.since]) {
      e.since.value = f.since;
      e.sinceAt.value = '';
    } else {
      e.since.value = 'custom';
      const d = parseTime(f.since);
      e.sinceAt.value = d ? d.toISOString().slice(0, 16) : '';
    }
    syncSinceAt(form);
  }

  function listView(params) {
    const f = readFilters(params);
    if (view.name !== 'list') {
      leave();
      view.name = 'list';
      view.listForm = buildFilterForm();
      view.listResults = h('section', { id: 'results', 'aria-live': 'polite', 'aria-busy': 'true' });
      document.title = 'Insights · trail-insights';
      show(
        h(
          'div',
          { class: 'page-head' },
          h('h1', { text: 'Insights' }),
          h('p', { class: 'sub', text: 'Unusual API call and error rates, open ones first.' }),
        ),
        h('div', { class: 'card' }, view.listForm, h('p', { id: 'filter-error', class: 'form-error', role: 'alert', hidden: true })),
        view.listResults,
      );
    }
    // a new list view, or the same one with new filters: the form (and focus) stays
    view.filters = f;
    fillForm(view.listForm, f);
    reloadList();
  }

  /** Forgets the list's pending timer and fetch, then loads it again. */
  function reloadList() {
    view.gen++;
    clearTimeout(view.timer);
    view.timer = null;
    if (view.controller) view.controller.abort();
    loadList(view.gen);
  }

  async function loadList(gen) {
    const f = view.filters;
    const errorBox = document.getElementById('filter-error');
    view.listResults.setAttribute('aria-busy', 'true');
    let r;
    try {
      r = await getJson(API + '/insights?' + listQuery(f));
    } catch (e) {
      if (isAbort(e) || gen !== view.gen) return;
      renderListProblem('Cannot reach the server: ' + e.message + '. Retrying.');
      schedule(gen, REFRESH_MS, () => loadList(gen));
      return;
    }
    if (gen !== view.gen) return;
    view.listResults.setAttribute('aria-busy', 'false');
    if (r.status === 400) {
      errorBox.hidden = false;
      errorBox.textContent = errorText(r);
      const bad = r.body && r.body.parameter;
      markBadField(bad);
      view.listResults.replaceChildren(notice('Fix the filter above to see insights.'));
      setUpdated(null);
      return;
    }
    errorBox.hidden = true;
    errorBox.textContent = '';
    markBadField(null);
    if (r.status === 503) {
      renderListProblem(errorText(r) + ' Retrying.');
      schedule(gen, (r.retryAfter || RESTORE_RETRY_S) * 1000, () => loadList(gen));
      return;
    }
    if (r.status !== 200 || !r.body || !Array.isArray(r.body.insights)) {
      renderListProblem('Cannot list insights: ' + errorText(r));
      return;
    }
    setUpdated(new Date());
    const insights = sortInsights(r.body.insights);
    view.listResults.replaceChildren(listTable(insights, r.body));
    if (insights.some((i) => i.state === 'open')) {
      schedule(gen, REFRESH_MS, () => loadList(gen));
    }
  }

  function markBadField(parameter) {
    for (const e of view.listForm.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
    if (!parameter) return;
    const id = parameter === 'until' ? null : parameter === 'since' ? 'f-since' : 'f-' + parameter;
    const e = id && document.getElementById(id);
    if (e) e.setAttribute('aria-invalid', 'true');
    if (parameter === 'since') {
      const at = document.getElementById('f-since-at');
      if (!at.disabled) at.setAttribute('aria-invalid', 'true');
    }
  }

  function renderListProblem(text) {
    view.listResults.setAttribute('aria-busy', 'false');
    view.listResults.replaceChildren(notice(text, 'error'));
  }

  function sortInsights(list) {
    const start = (i) => (parseTime(i.startTime) || new Date(0)).getTime();
    return list.slice().sort((a, b) => {
      const open = (b.state === 'open') - (a.state === 'open');
      return open !== 0 ? open : start(b) - start(a);
    });
  }

  /** Statistics of an insight: the End record's when closed (they cover the whole episode). */
  function statistics(insight) {
    const rec = insight.end || insight.start;
    const s = rec && rec.insightDetails && rec.insightDetails.insightContext && rec.insightDetails.insightContext.statistics;
    return s || {};
  }

  function avg(stat) {
    return stat && typeof stat.average === 'number' ? stat.average : null;
  }

  function insightHref(id) {
    return '#/insights/' + encodeURIComponent(id);
  }

  function listTable(insights, page) {
    const summary = h(
      'p',
      { class: 'summary', id: 'list-summary' },
      insights.length === 1 ? '1 insight' : insights.length + ' insights',
      page.truncated ? ' (the first ' + page.limit + '; narrow the filters or raise the limit)' : '',
      typeof page.retentionDays === 'number' ? ' · insights are kept ' + page.retentionDays + ' days' : '',
    );
    if (insights.length === 0) {
      return h('div', null, summary, h('div', { class: 'card empty' }, notice('No insight matches these filters.')));
    }
    const head = h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['State', 'Type', 'Event source', 'Event name', 'Account', 'Region', 'Start (UTC)', 'End (UTC)', 'Rate /min'].map(
          (t, n) =>
            h('th', {
              scope: 'col',
              class: n === 8 ? 'num' : null,
              title: n === 8 ? 'Baseline average → insight average, per minute' : null,
              text: t,
            }),
        ),
      ),
    );
    const rows = insights.map((i) => {
      const s = statistics(i);
      const href = insightHref(i.sharedEventID);
      const tr = h(
        'tr',
        { class: 'row-link' + (i.state === 'open' ? ' is-open' : ''), 'data-id': i.sharedEventID },
        h('td', null, badge(i.state), ' ', integrityBadge(i.integrity)),
        h(
          'td',
          null,
          typeLabel(i.insightType),
          i.errorCode ? ' ' : null,
          i.errorCode ? h('span', { class: 'code', text: i.errorCode }) : null,
        ),
        h('td', { class: 'mono nowrap', text: i.eventSource || '—' }),
        h('td', null, h('a', { href: href, class: 'mono strong', text: i.eventName || '(unnamed)' })),
        h('td', { class: 'mono nowrap', text: i.accountId || '—' }),
        h('td', { class: 'mono nowrap', text: i.awsRegion || '—' }),
        h('td', { class: 'nowrap', text: fmtMinute(i.startTime) }),
        h('td', { class: 'nowrap' }, i.endTime ? fmtMinute(i.endTime) : h('span', { class: 'ongoing', text: 'open' })),
        h(
          'td',
          { class: 'num nowrap' },
          fmtNum(avg(s.baseline)),
          h('span', { class: 'arrow', 'aria-label': 'rose to', text: ' → ' }),
          h('strong', { text: fmtNum(avg(s.insight)) }),
        ),
      );
      tr.addEventListener('click', (ev) => {
        if (ev.target.closest('a') || (window.getSelection && String(window.getSelection()))) return;
        location.hash = href;
      });
      return tr;
    });
    return h(
      'div',
      null,
      summary,
      h('div', { class: 'card flush scroll' }, h('table', { id: 'insights', class: 'data' }, h('caption', { class: 'sr-only', text: 'Insights' }), head, h('tbody', null, rows))),
    );
  }

  // ---------------------------------------------------------------- insight view

  function insightView(id) {
    const gen = view.gen;
    view.name = 'insight';
    document.title = 'Insight · trail-insights';
    show(notice('Loading insight…'));
    loadInsight(gen, id);
  }

  async function loadInsight(gen, id) {
    let r;
    try {
      r = await getJson(API + '/insights/' + encodeURIComponent(id));
    } catch (e) {
      if (isAbort(e) || gen !== view.gen) return;
      show(backLink(), notice('Cannot reach the server: ' + e.message + '. Retrying.', 'error'));
      schedule(gen, REFRESH_MS, () => loadInsight(gen, id));
      return;
    }
    if (gen !== view.gen) return;
    if (r.status === 503) {
      show(backLink(), notice('The instance that owns this API is restoring its state; retrying.', 'warn'));
      schedule(gen, (r.retryAfter || RESTORE_RETRY_S) * 1000, () => loadInsight(gen, id));
      return;
    }
    if (r.status !== 200 || !r.body) {
      destroyCharts();
      show(backLink(), h('h1', { text: 'Insight' }), notice(errorText(r), 'error'));
      return;
    }
    setUpdated(new Date());
    renderInsight(r.body);
    if (r.body.state === 'open') schedule(gen, REFRESH_MS, () => loadInsight(gen, id));
  }

  function backLink() {
    return h('p', { class: 'back' }, h('a', { href: '#/', text: '← All insights' }));
  }

  function details(rec) {
    return (rec && rec.insightDetails) || {};
  }

  function kv(label, value, cls) {
    return [h('dt', { text: label }), h('dd', { class: cls || null }, value)];
  }

  function stat(label, value, unit, id, note) {
    return h(
      'div',
      { class: 'stat', id: id || null },
      h('div', { class: 'stat-label', text: label }),
      h('div', { class: 'stat-value' }, value, unit ? h('span', { class: 'unit', text: unit }) : null),
      note ? h('div', { class: 'stat-note', text: note }) : null,
    );
  }

  function renderInsight(ins) {
    destroyCharts();
    const s = statistics(ins);
    const trail = details(ins.start).trailInsights || details(ins.end).trailInsights || null;
    const ctx = details(ins.end || ins.start).insightContext || {};
    const perMin = ins.insightType === 'ApiErrorRateInsight' ? 'errors/min' : 'calls/min';
    document.title = (ins.eventName || 'Insight') + ' · trail-insights';

    const header = h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        { class: 'eyebrow' },
        typeLabel(ins.insightType) + ' insight',
        ' ',
        badge(ins.state),
        ' ',
        integrityBadge(ins.integrity),
      ),
      h('h1', { class: 'mono', id: 'insight-title', text: apiKeyLine(ins) }),
      h(
        'dl',
        { class: 'facts' },
        kv('Account', ins.accountId || '—', 'mono'),
        kv('Region', ins.awsRegion || '—', 'mono'),
        kv('Type', typeLabel(ins.insightType)),
        kv('Error code', ins.errorCode || '—', 'mono'),
        kv('Start', fmtTime(ins.startTime)),
        kv('End', ins.endTime ? fmtTime(ins.endTime) : h('span', { class: 'ongoing', text: 'open — still unusual' })),
      ),
    );

    const series = ins.series && Array.isArray(ins.series.points) ? ins.series.points : [];
    // the Start record describes the first unusual minute only; while open, the series says more
    const sofar = ins.state === 'open' ? soFar(series, ins.startTime) : null;
    const stats = [
      stat('Baseline average', fmtNum(avg(s.baseline)), '/min', 'stat-baseline'),
      sofar
        ? stat('Insight average', fmtNum(sofar.average), '/min', 'stat-insight', 'so far')
        : stat('Insight average', fmtNum(avg(s.insight)), '/min', 'stat-insight'),
      stat('Insight duration', fmtMinutes(sofar ? sofar.minutes : s.insightDuration), null, 'stat-duration', sofar ? 'so far' : null),
      stat('Baseline duration', fmtMinutes(s.baselineDuration)),
    ];
    if (trail) {
      stats.push(
        stat('p-value', fmtP(trail.pValue), null, 'stat-pvalue'),
        stat('Expected', fmtNum(trail.expected), '/min'),
        stat('Threshold', fmtNum(trail.threshold), '/min'),
        h(
          'div',
          { class: 'stat wide', id: 'stat-model' },
          h('div', { class: 'stat-label', text: 'Model · seasonal' }),
          h('div', { class: 'stat-value text' }, String(trail.model || '—'), h('span', { class: 'unit', text: '· ' + String(trail.seasonal || '—') })),
        ),
      );
    }

    const canvas = h('canvas', { id: 'rate-chart', role: 'img', 'aria-label': 'Per-minute ' + perMin.replace('/min', '') + ' with the usual range; the insight is shaded' });
    const chartCard = h(
      'section',
      { class: 'card', 'aria-labelledby': 'h-rate' },
      h('div', { class: 'card-head' }, h('h2', { id: 'h-rate', text: (ins.insightType === 'ApiErrorRateInsight' ? 'Errors' : 'Calls') + ' per minute' }), legend(perMin)),
      series.length ? h('div', { class: 'chart-box' }, canvas) : notice('No per-minute series is held for this insight.'),
    );

    const attrs = h(
      'section',
      { class: 'attributions', 'aria-labelledby': 'h-attr' },
      h('h2', { id: 'h-attr', text: 'Attributions' }),
      h('div', { class: 'grid-3' }, ATTRIBUTES.map(([key, title]) => attributionTable(ctx.attributions, key, title, perMin))),
    );

    const base = '#/baselines/' + [ins.accountId, ins.awsRegion, ins.eventSource, ins.eventName].map((x) => encodeURIComponent(x || '')).join('/');
    const restoreScroll = showAs('insight:' + ins.sharedEventID, [
      backLink(),
      header,
      h('section', { class: 'stats', 'aria-label': 'Statistics' }, stats),
      chartCard,
      attrs,
      h('p', { class: 'more' }, h('a', { href: base, id: 'baseline-link', text: 'Live baseline of this API →' })),
    ]);
    if (series.length) rateChart(canvas, series, perMin);
    restoreScroll();
  }

  /**
   * Minutes and per-minute average of an open insight from its series: from the start to the
   * newest insight point, missing minutes counting as zero (a minute without events has no point).
   */
  function soFar(points, startTime) {
    const start = parseTime(startTime);
    const inside = points.filter((p) => p.phase === 'insight' && parseTime(p.time));
    if (!start || !inside.length) return null;
    const last = Math.max(...inside.map((p) => parseTime(p.time).getTime()));
    const minutes = Math.round((last - start.getTime()) / 60000) + 1;
    if (minutes < 1) return null;
    const total = inside.reduce((sum, p) => sum + (typeof p.count === 'number' ? p.count : 0), 0);
    return { minutes: minutes, average: total / minutes };
  }

  function legend(perMin, last) {
    const item = (cls, text) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch ' + cls, 'aria-hidden': 'true' }), text);
    return h(
      'div',
      { class: 'legend', 'aria-hidden': 'true' },
      item('sw-count', perMin.replace('/min', '')),
      item('sw-expected', 'expected'),
      item('sw-band', 'usual range'),
      last === 'filling' ? item('sw-filling', 'minute still filling') : item('sw-stretch', 'insight'),
    );
  }

  function attributionTable(list, key, title, perMin) {
    const a = (Array.isArray(list) ? list : []).find((x) => x && x.attribute === key);
    const byValue = new Map();
    const add = (arr, slot) => {
      for (const v of Array.isArray(arr) ? arr : []) {
        const k = v && v.value !== undefined && v.value !== null ? String(v.value) : '';
        const row = byValue.get(k) || { value: k, insight: null, baseline: null };
        row[slot] = typeof v.average === 'number' ? v.average : null;
        byValue.set(k, row);
      }
    };
    if (a) {
      add(a.insight, 'insight');
      add(a.baseline, 'baseline');
    }
    const rows = Array.from(byValue.values()).sort((x, y) => (y.insight || 0) - (x.insight || 0) || (y.baseline || 0) - (x.baseline || 0));
    const body = rows.length
      ? rows.map((r) =>
          h(
            'tr',
            null,
            h('td', { class: 'mono value', title: r.value, text: r.value || '(none)' }),
            h('td', { class: 'num', text: r.insight === null ? '—' : fmtNum(r.insight) }),
            h('td', { class: 'num', text: r.baseline === null ? '—' : fmtNum(r.baseline) }),
          ),
        )
      : [h('tr', { class: 'empty-row' }, h('td', { colspan: 3, text: 'No values recorded' }))];
    return h(
      'div',
      { class: 'card flush' },
      h(
        'table',
        { id: 'attr-' + key, class: 'data compact fixed' },
        h('caption', null, title, h('span', { class: 'caption-note', text: 'average ' + perMin.replace('/min', '') + ' per minute' })),
        h('colgroup', null, h('col', { class: 'col-value' }), h('col', { class: 'col-num' }), h('col', { class: 'col-num' })),
        h('thead', null, h('tr', null, h('th', { scope: 'col', text: 'Value' }), h('th', { scope: 'col', class: 'num', text: 'Insight' }), h('th', { scope: 'col', class: 'num', text: 'Baseline' }))),
        h('tbody', null, body),
      ),
    );
  }

  // ---------------------------------------------------------------- charts

  /** Fills missing minutes with empty slots so the category axis stays linear in time. */
  function perMinute(points) {
    const sorted = points.filter((p) => parseTime(p.time)).slice().sort((a, b) => parseTime(a.time) - parseTime(b.time));
    if (sorted.length < 2) return sorted;
    const first = parseTime(sorted[0].time).getTime();
    const last = parseTime(sorted[sorted.length - 1].time).getTime();
    const span = (last - first) / 60000;
    if (span > 6 * 1440) return sorted; // too long to pad; keep the points as they are
    const at = new Map(sorted.map((p) => [parseTime(p.time).getTime(), p]));
    const out = [];
    for (let t = first; t <= last; t += 60000) {
      out.push(at.get(t) || { time: new Date(t).toISOString(), count: null, expected: null, threshold: null, phase: null });
    }
    return out;
  }

  function axisLabels(points) {
    const days = new Set(points.map((p) => p.time.slice(0, 10)));
    return points.map((p) => {
      const d = parseTime(p.time);
      const hm = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
      return days.size > 1 ? pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + hm : hm;
    });
  }

  /** Shades each run of insight-phase points with a translucent rectangle behind the data. */
  const insightStretch = {
    id: 'insightStretch',
    beforeDatasetsDraw(chart, args, opts) {
      const phases = opts.phases || [];
      const x = chart.scales.x;
      const area = chart.chartArea;
      if (!x || !phases.length) return;
      const half = phases.length > 1 ? Math.abs(x.getPixelForValue(1) - x.getPixelForValue(0)) / 2 : area.width / 2;
      const c = chart.ctx;
      c.save();
      let i = 0;
      while (i < phases.length) {
        if (phases[i] !== 'insight') {
          i++;
          continue;
        }
        let j = i;
        while (j + 1 < phases.length && phases[j + 1] === 'insight') j++;
        const left = Math.max(area.left, x.getPixelForValue(i) - half);
        const right = Math.min(area.right, x.getPixelForValue(j) + half);
        c.fillStyle = COLORS.stretch;
        c.fillRect(left, area.top, right - left, area.bottom - area.top);
        c.fillStyle = COLORS.stretchText;
        c.font = '600 11px system-ui, sans-serif';
        c.textBaseline = 'top';
        c.fillText('insight', left + 4, area.top + 4);
        i = j + 1;
      }
      c.restore();
    },
  };

  function baseOptions() {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: { backgroundColor: 'rgba(15, 23, 42, 0.92)', padding: 10, titleFont: { weight: '600' } },
      },
      scales: {
        x: {
          type: 'category',
          grid: { display: false },
          ticks: { color: COLORS.tick, autoSkip: true, maxRotation: 0, autoSkipPadding: 18 },
        },
        y: {
          beginAtZero: true,
          grid: { color: COLORS.grid },
          border: { display: false },
          ticks: { color: COLORS.tick, precision: 0 },
        },
      },
    };
  }

  function rateChart(canvas, points, perMin) {
    if (typeof Chart === 'undefined') {
      canvas.replaceWith(notice('The chart library did not load.', 'error'));
      return;
    }
    const pts = perMinute(points);
    const num = (v) => (typeof v === 'number' && isFinite(v) ? v : null);
    const phases = pts.map((p) => p.phase);
    const options = baseOptions();
    options.plugins.insightStretch = { phases: phases };
    options.plugins.tooltip.filter = (item) => item.raw !== null;
    options.plugins.tooltip.callbacks = {
      title: (items) => (items.length ? fmtTime(pts[items[0].dataIndex].time) : ''),
      afterTitle: (items) => (items.length && pts[items[0].dataIndex].phase === 'insight' ? 'during the insight' : ''),
    };
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: axisLabels(pts),
        datasets: [
          {
            type: 'line',
            label: 'expected',
            data: pts.map((p) => num(p.expected)),
            borderColor: COLORS.expected,
            borderWidth: 2,
            pointRadius: 0,
            tension: 0.25,
            spanGaps: false,
            order: 1,
          },
          {
            type: 'line',
            label: 'usual range',
            data: pts.map((p) => num(p.threshold)),
            borderColor: COLORS.bandEdge,
            borderWidth: 1,
            borderDash: [4, 3],
            backgroundColor: COLORS.band,
            pointRadius: 0,
            tension: 0.25,
            fill: '-1',
            spanGaps: false,
            order: 4,
          },
          {
            type: 'bar',
            label: perMin.replace('/min', '') + ' per minute',
            data: pts.map((p) => num(p.count)),
            backgroundColor: pts.map((p) => (p.phase === 'insight' ? COLORS.countInsight : COLORS.count)),
            borderRadius: 2,
            categoryPercentage: 0.9,
            barPercentage: 0.9,
            order: 3,
          },
        ],
      },
      options: options,
      plugins: [insightStretch],
    });
    view.charts.push(chart);
  }

  function baselineChart(canvas, recent, baseline) {
    if (typeof Chart === 'undefined') {
      canvas.replaceWith(notice('The chart library did not load.', 'error'));
      return;
    }
    const pts = perMinute(recent);
    const num = (v) => (typeof v === 'number' && isFinite(v) ? v : null);
    const exp = baseline && num(baseline.expected);
    const thr = baseline && num(baseline.threshold);
    const options = baseOptions();
    options.plugins.tooltip.filter = (item) => item.raw !== null;
    options.plugins.tooltip.callbacks = {
      title: (items) => (items.length ? fmtTime(pts[items[0].dataIndex].time) : ''),
      afterTitle: (items) => (items.length && pts[items[0].dataIndex].closed === false ? 'minute still filling' : ''),
    };
    const datasets = [];
    if (exp !== null) {
      datasets.push({ type: 'line', label: 'expected', data: pts.map(() => exp), borderColor: COLORS.expected, borderWidth: 1.5, pointRadius: 0, order: 1 });
    }
    if (thr !== null) {
      datasets.push({ type: 'line', label: 'usual range', data: pts.map(() => thr), borderColor: COLORS.bandEdge, borderWidth: 1, borderDash: [4, 3], backgroundColor: COLORS.band, pointRadius: 0, fill: exp !== null ? '-1' : false, order: 4 });
    }
    datasets.push({
      type: 'bar',
      label: 'per minute',
      data: pts.map((p) => num(p.count)),
      backgroundColor: pts.map((p) => (p.closed === false ? COLORS.countOpen : COLORS.count)),
      borderRadius: 2,
      order: 3,
    });
    view.charts.push(new Chart(canvas, { type: 'bar', data: { labels: axisLabels(pts), datasets: datasets }, options: options }));
  }

  // ---------------------------------------------------------------- baseline view

  function baselineView(key) {
    const gen = view.gen;
    view.name = 'baseline';
    document.title = 'Baseline · trail-insights';
    show(notice('Loading baseline…'));
    loadBaseline(gen, key);
  }

  async function loadBaseline(gen, key) {
    const [account, region, source, name] = key;
    const head = () => h('div', { class: 'page-head' }, h('div', { class: 'eyebrow', text: 'Live baseline' }), h('h1', { class: 'mono', text: apiKeyLine({ eventSource: source, eventName: name }) }), h('p', { class: 'sub mono', text: account + ' · ' + region }));
    let r;
    try {
      r = await getJson(API + '/baselines/' + key.map(encodeURIComponent).join('/'));
    } catch (e) {
      if (isAbort(e) || gen !== view.gen) return;
      destroyCharts();
      show(backLink(), head(), notice('Cannot reach the server: ' + e.message + '. Retrying.', 'error'));
      schedule(gen, REFRESH_MS, () => loadBaseline(gen, key));
      return;
    }
    if (gen !== view.gen) return;
    if (r.status === 503) {
      destroyCharts();
      setUpdated(null);
      show(backLink(), head(), notice('The instance that owns this API is restoring its state; retrying…', 'warn restoring'));
      schedule(gen, (r.body && r.body.retryAfterSeconds > 0 ? r.body.retryAfterSeconds : RESTORE_RETRY_S) * 1000, () => loadBaseline(gen, key));
      return;
    }
    if (r.status === 404) {
      destroyCharts();
      show(backLink(), head(), notice('No baseline is held for this API: ' + errorText(r), 'error'));
      return;
    }
    if (r.status !== 200 || !r.body || !Array.isArray(r.body.series)) {
      destroyCharts();
      show(backLink(), head(), notice('Cannot load the baseline: ' + errorText(r), 'error'));
      return;
    }
    setUpdated(new Date());
    renderBaseline(r.body, head);
    schedule(gen, REFRESH_MS, () => loadBaseline(gen, key));
  }

  function renderBaseline(b, head) {
    destroyCharts();
    const facts = h(
      'dl',
      { class: 'facts' },
      kv('Newest minute', fmtTime(b.newestMinute)),
      kv('History since', fmtTime(b.historyStart)),
      kv('Served by', b.servedBy || '—', 'mono'),
    );
    const pending = [];
    const cards = b.series.map((s, i) => {
      const base = s.baseline || {};
      const title = s.errorCode ? 'Errors: ' + s.errorCode : 'All calls';
      const canvas = h('canvas', { id: 'baseline-chart-' + i, class: 'baseline-chart', role: 'img', 'aria-label': 'Recent per-minute counts of ' + title });
      const recent = Array.isArray(s.recent) ? s.recent : [];
      if (recent.length) pending.push([canvas, recent, base]);
      const open = s.openInsight && s.openInsight.sharedEventID;
      const what = s.errorCode ? 'errors/min' : 'calls/min';
      return h(
        'section',
        { class: 'card series', 'aria-label': title },
        h(
          'div',
          { class: 'card-head' },
          h('h2', null, title, s.errorCode ? null : h('span', { class: 'sub', text: ' (every call)' })),
          open
            ? h('a', { class: 'badge badge-open link', href: insightHref(s.openInsight.sharedEventID), text: 'open insight since ' + fmtMinute(s.openInsight.startTime) })
            : null,
        ),
        h(
          'div',
          { class: 'series-body' },
          h(
            'dl',
            { class: 'facts stacked' },
            kv('Expected', fmtNum(base.expected) + ' /min'),
            kv('Average', fmtNum(base.average) + ' /min'),
            kv('Variance', fmtNum(base.variance)),
            kv('Threshold', typeof base.threshold === 'number' ? fmtNum(base.threshold) + ' /min' : 'warming up'),
            kv('Baseline', fmtMinutes(base.minutes)),
            kv('Model', String(base.model || '—')),
            kv('Seasonal', String(base.seasonal || '—')),
          ),
          recent.length
            ? h('div', { class: 'recent' }, h('div', { class: 'recent-head' }, h('h3', { text: 'Recent minutes' }), legend(what, 'filling')), h('div', { class: 'chart-box small' }, canvas))
            : notice('No recent minutes.'),
        ),
        h('div', { class: 'grid-3' }, ATTRIBUTES.map(([key, t]) => topTable(s.topValues, key, t, i))),
      );
    });
    const key = 'baseline:' + [b.accountId, b.awsRegion, b.eventSource, b.eventName].join('/');
    const restoreScroll = showAs(key, [backLink(), head(), facts, cards.length ? cards : notice('No series is held for this API yet.')]);
    for (const [canvas, recent, base] of pending) baselineChart(canvas, recent, base);
    restoreScroll();
  }

  function topTable(list, key, title, i) {
    const t = (Array.isArray(list) ? list : []).find((x) => x && x.attribute === key);
    const values = t && Array.isArray(t.values) ? t.values : [];
    const rows = values.length
      ? values.map((v) => h('tr', null, h('td', { class: 'mono value', title: String(v.value ?? ''), text: v.value === null || v.value === undefined ? '(none)' : String(v.value) }), h('td', { class: 'num', text: fmtNum(v.average) })))
      : [h('tr', { class: 'empty-row' }, h('td', { colspan: 2, text: 'No values recorded' }))];
    return h(
      'div',
      { class: 'card flush inner' },
      h(
        'table',
        { id: 'top-' + i + '-' + key, class: 'data compact fixed' },
        h('caption', null, 'Top ' + title.charAt(0).toLowerCase() + title.slice(1) + 's', h('span', { class: 'caption-note', text: 'average per minute' })),
        h('colgroup', null, h('col', { class: 'col-value' }), h('col', { class: 'col-num' })),
        h('thead', null, h('tr', null, h('th', { scope: 'col', text: 'Value' }), h('th', { scope: 'col', class: 'num', text: 'Avg /min' }))),
        h('tbody', null, rows),
      ),
    );
  }

  // ---------------------------------------------------------------- start

  function start() {
    const skip = document.querySelector('.skip');
    if (skip) {
      skip.addEventListener('click', (ev) => {
        ev.preventDefault();
        main().focus();
      });
    }
    window.addEventListener('hashchange', route);
    route();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
