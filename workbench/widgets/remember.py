"""A tiny browser-side memory: a value kept in the browser's ``localStorage`` per page.

The app uses it for the student's name, so a reload (or tomorrow's visit from the same
browser) opens with the same name and so the same journal. Offline: the script is inline.

>>> box = BrowserMemory(key="workbench-student")
>>> box.key, box.value
('workbench-student', '')
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  const key = model.get("key");
  let stored = null;
  try { stored = window.localStorage.getItem(key); } catch (e) { stored = null; }
  if (stored && !model.get("given")) {
    model.set("value", stored);
    model.save_changes();
  } else if (model.get("value")) {
    try { window.localStorage.setItem(key, model.get("value")); } catch (e) {}
  }
  model.on("change:value", () => {
    try { window.localStorage.setItem(key, model.get("value")); } catch (e) {}
  });
  el.style.display = "none";
}
export default { render };
"""


class BrowserMemory(anywidget.AnyWidget):
    """``value`` mirrors ``localStorage[key]`` in the browser that shows the widget.

    On first display the stored value (if any) wins, unless ``given`` is true (the page
    address named a value); afterwards every change of ``value`` is stored.
    """

    _esm = _ESM
    key = traitlets.Unicode("workbench").tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    given = traitlets.Bool(False).tag(sync=True)
