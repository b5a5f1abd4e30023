import { startEngine } from "./engine-client.js";

// The calculator page: moves answers to the Python engine (worker.js) and shows what it returns.
// No rule logic here: the questions, their wording and options, validation messages and the
// answers all come from Python as escaped HTML (calculator/html_report.py).
const root = document.getElementById("calc");
const output = document.getElementById("calc-output");
const actions = root.querySelector(".calc-actions");
const questions = document.getElementById("calc-questions");
const showAll = document.getElementById("show-all");
const forms = {
  project: document.getElementById("form-project"),
  compare: document.getElementById("form-compare"),
  change: document.getElementById("form-change"),
};
const known = new Set(root.dataset.fields.split(" "));  // field names the engine accepts (from Python)

let ready = false;
let last = null;
let pending = null;
// Answers in the interview that have no control on screen yet (restored from a shared link).
let carried = {};

const engine = startEngine(root);
engine.ready.then(() => {
  ready = true;
  if (pending) submit(pending.form, pending.reveal);
});
const call = engine.call;
window.calculatorApi = (request) => engine.ready.then(() => call(request));  // used by the parity test

function activeTab() { return Object.keys(forms).find((key) => !forms[key].hidden); }

function values(form) {
  const data = form === forms.project ? { ...carried } : {};
  for (const element of form.elements) {
    const name = element.name;
    if (!name || name === "regulation" || name === "place" || name === "all_questions") continue;
    if (element.type === "radio") {
      if (element.checked) {
        if (element.value === "") delete data[name];
        else data[name] = element.value;
      }
    } else if (element.value.trim() !== "") data[name] = element.value.trim();
    else if (element.type !== "radio") delete data[name];
  }
  return data;
}

function request(form, action) {
  const kind = form === forms.change ? "change" : "project";
  const base = { action: action || form.dataset.action, kind, input: values(form) };
  if (form === forms.project) {
    return { ...base, place: form.elements.place.value, all_questions: showAll.checked };
  }
  return { ...base, regulation: form === forms.compare ? "all" : form.elements.regulation.value };
}

function showErrors(form, errors) {
  for (const p of form.querySelectorAll(".error")) p.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const general = [];
  for (const error of errors) {
    const slot = form.querySelector(`#err-${form.id.slice(5)}-${CSS.escape(error.field)}`);
    const control = form.elements[error.field];
    if (slot) {
      slot.textContent = error.zh;
      if (control && control.setAttribute) control.setAttribute("aria-invalid", "true");
    } else general.push(error);
  }
  const box = form.querySelector(".form-error");
  box.replaceChildren();
  for (const error of general) {
    const line = document.createElement("p");
    line.textContent = error.zh;
    box.append(line);
    if (error.field === "(engine)") box.append(errorDetail(error));
  }
}

// An unexpected engine failure: a plain message, and the technical text behind "复制错误信息".
function errorDetail(error) {
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "错误详情";
  const text = document.createElement("pre");
  text.textContent = error.en;
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "md-button";
  copy.textContent = "复制错误信息";
  copy.addEventListener("click", () => navigator.clipboard?.writeText(error.en));
  details.append(summary, text, copy);
  return details;
}

function shareUrl(form) {
  const req = request(form);
  const params = new URLSearchParams({ tab: activeTab() });
  if (req.place) params.set("place", req.place);
  if (req.regulation && form !== forms.compare) params.set("regulation", req.regulation);
  if (req.all_questions) params.set("all_questions", "true");
  for (const [name, value] of Object.entries(req.input)) params.set(name, value);
  return `${location.pathname}?${params}`;
}

function ready_for(form) {
  return form !== forms.project || form.elements.place.value !== "";
}

// `reveal`: after 计算 or on a shared link the answer takes the focus; while answering questions
// one by one the focus stays in the questions.
async function submit(form, reveal) {
  if (!ready) {
    pending = { form, reveal };
    engine.say("计算引擎仍在加载，加载完成后将自动计算……");
    return;
  }
  pending = null;
  if (!ready_for(form)) {
    showErrors(form, [{ field: "place", zh: "请先选择项目所在地与层级" }]);
    return;
  }
  history.replaceState(null, "", shareUrl(form));
  const req = request(form);
  root.dataset.busy = String(Number(root.dataset.busy || 0) + 1);  // tests wait for 0
  const response = await call(req).finally(() => { root.dataset.busy = String(Number(root.dataset.busy) - 1); });
  showErrors(form, response.errors || []);
  if (!response.ok) return;
  if (form === forms.project) {
    const focused = questions.contains(document.activeElement) ? document.activeElement : null;
    questions.innerHTML = response.questions_html;  // built and escaped by calculator.html_report
    if (focused) keepFocus(focused);
    carried = {};
  }
  last = { response, request: req };
  output.innerHTML = response.html;  // built and escaped by calculator.html_report
  actions.hidden = false;
  if (reveal) {
    const answer = output.querySelector(".calc-result, .calc-all") || output;
    answer.setAttribute("tabindex", "-1");
    answer.focus({ preventScroll: true });
    answer.scrollIntoView({ block: "start" });
  }
}

// The questions are drawn anew after each answer; a keyboard user keeps their place: the same
// control (same question, same option) takes the focus again, its answered question unfolded, so
// arrow keys go on choosing and Tab goes on to the next question.
function keepFocus(was) {
  const same = `[name="${CSS.escape(was.name)}"]`;
  const again = questions.querySelector(was.type === "radio" ? `${same}[value="${CSS.escape(was.value)}"]` : same)
    || questions.querySelector(".q-open input, .q-open select");
  if (!again) return;
  const fold = again.closest("details");
  if (fold) fold.open = true;
  again.focus({ preventScroll: true });
}

async function validateInline(form) {
  if (!ready) return;
  const response = await call(request(form, "validate"));
  // Inline, only fields already filled in are judged.
  showErrors(form, (response.errors || []).filter((e) => (form.elements[e.field]?.value ?? "").trim() !== ""));
}

let timer = null;
for (const form of Object.values(forms)) {
  form.addEventListener("submit", (event) => { event.preventDefault(); submit(form, true); });
  form.addEventListener("reset", () => setTimeout(() => {
    showErrors(form, []);
    output.replaceChildren();
    actions.hidden = true;
    if (form === forms.project) { questions.replaceChildren(); carried = {}; }
  }));
  const later = () => { clearTimeout(timer); timer = setTimeout(() => validateInline(form), 250); };
  form.addEventListener("input", later);
  form.addEventListener("keyup", later);
}
// In the interview a choice is an answer: the next questions and the provisional answer follow it.
forms.project.addEventListener("change", (event) => {
  const target = event.target;
  if (target.type === "radio" || target.type === "checkbox" || target.tagName === "SELECT" || target.type === "date") {
    if (ready_for(forms.project)) submit(forms.project, false);
  }
});

function selectTab(name) {
  for (const [key, form] of Object.entries(forms)) form.hidden = key !== name;
  for (const tab of root.querySelectorAll("[role=tab]")) tab.setAttribute("aria-selected", String(tab.dataset.tab === name));
  output.replaceChildren();
  actions.hidden = true;
}
for (const tab of root.querySelectorAll("[role=tab]")) tab.addEventListener("click", () => selectTab(tab.dataset.tab));

function download(name, text, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

actions.addEventListener("click", async (event) => {
  const what = event.target.dataset.do;
  const note = actions.querySelector(".action-note");
  if (!what || !last) return;
  const stem = "合规计算结果";
  if (what === "print") window.print();
  if (what === "json" || what === "markdown") {  // rendered only when asked for
    const exported = await call({ ...last.request, action: "export", format: what });
    if (exported.ok && what === "json") download(`${stem}.json`, JSON.stringify(exported.result, null, 2), "application/json");
    if (exported.ok && what === "markdown") download(`${stem}.md`, exported.markdown, "text/markdown");
  }
  if (what === "link") {
    try {
      await navigator.clipboard.writeText(location.href);
      note.textContent = "链接已复制";
    } catch {
      note.textContent = `请复制地址栏中的链接：${location.href}`;
    }
  }
});

// Restore a shared link: fill what has a control now, carry the other answers to the engine, and
// compute when the engine is ready. Parameters that are not fields (e.g. length=1) are ignored.
const params = new URLSearchParams(location.search);
const tab = forms[params.get("tab")] ? params.get("tab") : "project";
selectTab(tab);
const form = forms[tab];
let restored = false;
for (const [name, value] of params) {
  if (!known.has(name) || name === "tab") continue;
  if (name === "all_questions") { showAll.checked = value === "true"; continue; }
  const element = form.elements[name];
  if (element && element.tagName === "SELECT" && ![...element.options].some((o) => o.value === value)) continue;
  if (element && element.type !== undefined) element.value = value;
  else if (tab === "project") carried[name] = value;
  restored = true;
}
if (restored && ready_for(form)) submit(form, true);
