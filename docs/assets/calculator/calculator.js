import { startEngine } from "./engine-client.js";

// The calculator page: moves form values to the Python engine (worker.js) and shows what it
// returns. No rule logic here: validation messages, answers and their HTML all come from Python.
const root = document.getElementById("calc");
const output = document.getElementById("calc-output");
const actions = root.querySelector(".calc-actions");
const forms = { project: document.getElementById("form-project"), change: document.getElementById("form-change") };
let ready = false;
let last = null;
let pendingSubmit = null;

const engine = startEngine(root);
engine.ready.then(() => {
  ready = true;
  if (pendingSubmit) submit(pendingSubmit);
});
const call = engine.call;
window.calculatorApi = (request) => engine.ready.then(() => call(request));  // used by the parity test

function activeTab() { return forms.project.hidden ? "change" : "project"; }

function values(form) {
  const data = {};
  for (const element of form.elements) {
    if (!element.name || element.name === "regulation") continue;
    if (element.type === "checkbox") data[element.name] = element.checked ? "true" : "false";
    else if (element.value.trim() !== "") data[element.name] = element.value.trim();
  }
  return data;
}

function request(form) {
  return { action: form.dataset.action, regulation: form.elements.regulation.value, input: values(form) };
}

function showErrors(form, errors) {
  for (const p of form.querySelectorAll(".error")) p.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const general = [];
  for (const error of errors) {
    const control = form.elements[error.field];
    const slot = control && form.querySelector(`#err-${form.id.slice(5)}-${error.field}`);
    if (slot) {
      slot.textContent = error.zh;
      control.setAttribute("aria-invalid", "true");
    } else general.push(error.zh);
  }
  form.querySelector(".form-error").textContent = general.join("；");
}

function shareUrl(form) {
  const params = new URLSearchParams({ tab: activeTab(), regulation: form.elements.regulation.value });
  for (const [name, value] of Object.entries(values(form))) {
    const element = form.elements[name];
    if (element.dataset.default !== value) params.set(name, value);
  }
  return `${location.pathname}?${params}`;
}

async function submit(form) {
  if (!ready) {
    pendingSubmit = form;
    engine.say("计算引擎仍在加载，加载完成后将自动计算……");
    return;
  }
  pendingSubmit = null;
  history.replaceState(null, "", shareUrl(form));
  const response = await call(request(form));
  showErrors(form, response.errors || []);
  if (!response.ok) {
    output.replaceChildren();
    actions.hidden = true;
    return;
  }
  last = { response, regulation: form.elements.regulation.value };
  output.innerHTML = response.html;  // built and escaped by calculator.html_report
  actions.hidden = false;
}

async function validateInline(form) {
  if (!ready) return;
  const response = await call({ ...request(form), action: "validate" });
  // Inline, only fields already filled in are judged; a missing required amount is reported on submit.
  showErrors(form, (response.errors || []).filter((e) => (form.elements[e.field]?.value ?? "").trim() !== ""));
}

let timer = null;
for (const form of Object.values(forms)) {
  form.addEventListener("submit", (event) => { event.preventDefault(); submit(form); });
  form.addEventListener("reset", () => setTimeout(() => { showErrors(form, []); output.replaceChildren(); actions.hidden = true; }));
  const later = () => { clearTimeout(timer); timer = setTimeout(() => validateInline(form), 250); };
  form.addEventListener("input", later);
  form.addEventListener("keyup", later);
  form.addEventListener("change", later);
}

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
  const stem = `合规计算-${last.regulation}`;
  if (what === "print") window.print();
  if (what === "json") download(`${stem}.json`, JSON.stringify(last.response.result, null, 2), "application/json");
  if (what === "markdown") download(`${stem}.md`, last.response.markdown, "text/markdown");
  if (what === "link") {
    try {
      await navigator.clipboard.writeText(location.href);
      note.textContent = "链接已复制";
    } catch {
      note.textContent = `请复制地址栏中的链接：${location.href}`;
    }
  }
});

// Restore a shared link: fill the form from the query string and compute when the engine is ready.
const params = new URLSearchParams(location.search);
const tab = params.get("tab") === "change" ? "change" : "project";
selectTab(tab);
const form = forms[tab];
for (const [name, value] of params) {
  const element = form.elements[name];
  if (!element || name === "tab") continue;
  if (element.type === "checkbox") element.checked = value === "true";
  else if (element.tagName === "SELECT" && ![...element.options].some((o) => o.value === value)) continue;
  else element.value = value;
}
if (params.has("investment") || params.has("approved_investment")) submit(form);
