/* Region and person pickers (core/widgets.py): a text input marked data-picker becomes a combobox (the
   WAI-ARIA 1.2 combobox pattern with a listbox popup) whose suggestions come from a JSON route that answers
   only what is in the user's reach (regions.views.region_pick, accounts.views.person_pick).

   The input keeps its name and still submits a region code or a username, which the form checks as before.
   Choosing a kecamatan (or a village) offers its villages (or TPS) next: go on down or keep it. Without
   this script, or with no connection, the input is typed as before, helped by the page's <datalist> of codes
   when it has one: the script takes the datalist away only while it can fetch suggestions. */
"use strict";

(function () {
  var CODE = /^[0-9][0-9.]*$/;
  var WAIT_MS = 200;
  var count = 0;

  function say(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function regionLabel(item) {
    var parts = [item.name, item.kind];
    if (item.path.length) parts.push(item.path.slice().reverse().join(", "));
    parts.push(item.code);
    return parts.join(" — ");
  }

  function personLabel(item) {
    return item.name === item.username ? item.username : item.name + " — " + item.username;
  }

  function Picker(input) {
    count += 1;
    this.input = input;
    this.kind = input.dataset.picker;
    this.items = [];
    this.active = -1;
    this.asked = 0;
    this.timer = null;
    this.hints = input.getAttribute("list");
    var id = (input.id || "picker-" + count) + "-listbox";

    var host = input.parentNode;
    host.classList.add("picker-host");
    this.list = document.createElement("ul");
    this.list.id = id;
    this.list.className = "picker-list";
    this.list.setAttribute("role", "listbox");
    this.list.hidden = true;
    var label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = id + "-label";
      this.list.setAttribute("aria-labelledby", label.id);
    }
    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.chosen = document.createElement("div");
    this.chosen.className = "form-text picker-chosen";
    this.chosen.setAttribute("data-testid", "picker-chosen");
    input.insertAdjacentElement("afterend", this.chosen);
    input.insertAdjacentElement("afterend", this.status);
    input.insertAdjacentElement("afterend", this.list);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    this.online(navigator.onLine !== false);

    input.addEventListener("input", this.typed.bind(this));
    input.addEventListener("keydown", this.key.bind(this));
    input.addEventListener("blur", this.close.bind(this));
    // A press on the list keeps the focus in the input (so blur does not close the list first).
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", this.clicked.bind(this));
  }

  /* Online, suggestions come from the server and the datalist is set aside; offline it is back. */
  Picker.prototype.online = function (yes) {
    if (!this.hints) return;
    if (yes) this.input.removeAttribute("list");
    else this.input.setAttribute("list", this.hints);
  };

  Picker.prototype.params = function (extra) {
    var data = this.input.dataset;
    var params = new URLSearchParams();
    var names = this.kind === "region" ? ["action", "levels", "within"] : ["mode", "region"];
    names.forEach(function (name) { if (data[name]) params.set(name, data[name]); });
    if (this.kind === "person" && data.regionFrom) {
      var from = document.getElementById(data.regionFrom);
      var code = from ? from.value.trim() : "";
      if (CODE.test(code)) params.set("region", code);
    }
    Object.keys(extra).forEach(function (name) { params.set(name, extra[name]); });
    return params;
  };

  Picker.prototype.typed = function () {
    var self = this;
    clearTimeout(this.timer);
    this.chosen.textContent = "";
    this.timer = setTimeout(function () { self.ask({ q: self.input.value.trim() }); }, WAIT_MS);
  };

  Picker.prototype.ask = function (extra, note) {
    var self = this;
    var asked = (this.asked += 1);
    var url = this.input.dataset.source + "?" + this.params(extra).toString();
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        // An answer to an older question, or one that comes after the user has moved on.
        if (asked !== self.asked || document.activeElement !== self.input) return;
        self.online(true);
        self.show(data.results || [], note);
      })
      .catch(function () {
        if (asked !== self.asked) return;
        self.close();
        self.online(false);
        self.status.textContent = self.input.dataset.textOffline || "";
      });
  };

  Picker.prototype.show = function (items, note) {
    var self = this;
    this.items = items;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.list.textContent = "";
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = self.list.id + "-" + i;
      option.className = "picker-option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(i);
      option.textContent = self.kind === "region" ? regionLabel(item) : personLabel(item);
      if (item.drill) option.classList.add("picker-drill");
      self.list.appendChild(option);
    });
    if (!items.length) {
      var none = document.createElement("li");
      none.className = "picker-none";
      none.setAttribute("role", "option");
      none.setAttribute("aria-disabled", "true");
      none.setAttribute("aria-selected", "false");
      none.id = this.list.id + "-none";
      none.textContent = this.input.dataset.textNone || "";
      this.list.appendChild(none);
    }
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    var counted = items.length ? say(this.input.dataset.textCount, { n: items.length }) : this.input.dataset.textNone;
    this.status.textContent = (note ? note + " " : "") + (counted || "");
  };

  Picker.prototype.close = function () {
    clearTimeout(this.timer);
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Picker.prototype.move = function (step) {
    if (!this.items.length) return;
    var next = this.active + step;
    if (next < 0) next = this.items.length - 1;
    if (next >= this.items.length) next = 0;
    var options = this.list.querySelectorAll(".picker-option");
    if (this.active >= 0) options[this.active].setAttribute("aria-selected", "false");
    this.active = next;
    var option = options[next];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  Picker.prototype.key = function (event) {
    var open = !this.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) this.ask({ q: this.input.value.trim() });
      else this.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && open && this.active >= 0) {
      event.preventDefault(); // choosing is not submitting the form
      this.choose(this.items[this.active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      this.close();
    }
  };

  Picker.prototype.clicked = function (event) {
    var option = event.target.closest(".picker-option");
    if (option) this.choose(this.items[Number(option.dataset.index)]);
  };

  Picker.prototype.choose = function (item) {
    var data = this.input.dataset;
    var label = this.kind === "region" ? regionLabel(item) : personLabel(item);
    this.input.value = this.kind === "region" ? item.code : item.username;
    this.chosen.textContent = (data.textChosen || "") + " " + label;
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    if (item.drill) {
      this.ask({ parent: item.code }, say(data.textBelow, { name: item.name }));
    } else {
      this.close();
    }
  };

  function start() {
    var pickers = [];
    document.querySelectorAll("input[data-picker]").forEach(function (input) {
      if (!input.disabled && !input.readOnly) pickers.push(new Picker(input));
    });
    window.addEventListener("offline", function () {
      pickers.forEach(function (picker) { picker.close(); picker.online(false); });
    });
    window.addEventListener("online", function () {
      pickers.forEach(function (picker) { picker.online(true); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
