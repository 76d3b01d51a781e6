// attest workspace: the only script. Turns a selection in the testimony text into a claim's
// character span (counted in Unicode code points, as the archive counts them) and fills the
// claim form. Without it, typing the passage works too: the server finds it in the text. Also
// sends an error page's "back" link back in the browser's history, and shows that a long form
// (linking lists, estimating) is working once submitted.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // An error page's "back" link: back in the browser's history when there is one (the page the
  // user came from, with what the browser kept of a form), else to the link's own page.
  Array.prototype.forEach.call(document.querySelectorAll("a[data-back]"), function (a) {
    a.addEventListener("click", function (e) {
      if (window.history.length > 1) { e.preventDefault(); window.history.back(); }
    });
  });
  // A long run (linking lists, estimating): on submit the button says it is working and the
  // form's status line appears, so nobody submits twice or thinks the page hung. Coming back to
  // the page from the browser's history shows the button as it was.
  Array.prototype.forEach.call(document.querySelectorAll("button[data-working]"), function (button) {
    var form = button.form;
    var status = form && document.getElementById(form.id + "-working");
    var label = button.textContent;
    if (!form) { return; }
    // Only a submit that really goes ahead: another handler may still cancel this one
    // (preventDefault), so the decision waits until the event has been through every listener.
    // (The browser's own validation cancels before any submit event.)
    form.addEventListener("submit", function (e) {
      window.setTimeout(function () {
        if (e.defaultPrevented) { return; }
        button.textContent = button.getAttribute("data-working");
        button.disabled = true;
        form.setAttribute("aria-busy", "true");
        if (status) { status.hidden = false; }
      }, 0);
    });
    window.addEventListener("pageshow", function () {
      button.textContent = label;
      button.disabled = false;
      form.removeAttribute("aria-busy");
      if (status) { status.hidden = true; }
    });
  });
  var text = document.getElementById("text");
  var form = document.getElementById("claim-form");
  if (!text || !form) { return; }
  var start = document.getElementById("start");
  var end = document.getElementById("end");
  var passage = document.getElementById("passage");
  function points(s) { return Array.from(s).length; }
  function offset(node, off) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, off);
    return points(range.toString());
  }
  function take() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var r = sel.getRangeAt(0);
    if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) { return; }
    start.value = String(offset(r.startContainer, r.startOffset));
    end.value = String(offset(r.endContainer, r.endOffset));
    passage.value = r.toString();
  }
  text.addEventListener("mouseup", take);
  text.addEventListener("keyup", take);
  // Typing in the passage box drops a stale selection: the server then finds the typed passage.
  passage.addEventListener("input", function () { start.value = ""; end.value = ""; });
});
