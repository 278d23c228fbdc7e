/* Evidence upload: drag and drop, camera capture merged into one file list, then each file sent in chunks
   over the resumable (tus) endpoint, with its own progress, pause, resume and cancel. A dropped link, a
   reload or a browser restart continues from the last byte the server holds. Progressive enhancement:
   without this script (or without the endpoint) the plain form posts the files in one request. */
(function () {
  "use strict";

  var form = document.querySelector("[data-upload-form]");
  if (!form) return;
  var input = form.querySelector('input[type="file"][name="files"]:not([data-camera])');
  var camera = form.querySelector("input[data-camera]");
  var zone = form.querySelector("[data-dropzone]");
  var list = form.querySelector("[data-file-list]");
  var kind = form.querySelector('select[name="kind"]');
  var submit = form.querySelector("[data-submit]");
  var maxFiles = parseInt(input && input.dataset.maxFiles, 10) || 20;
  var maxBytes = parseInt(input && input.dataset.maxBytes, 10) || 0;
  var canMerge = typeof DataTransfer === "function";
  var lang = document.documentElement.lang || "id";
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

  function humanSize(bytes) {
    var units = ["B", "KB", "MB", "GB"];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
    return numbers.format(i ? bytes : Math.round(bytes)) + " " + units[i];
  }

  function fill(words, values) {
    return words.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function humanDuration(seconds) {
    var unit = seconds >= 5400 ? "hour" : seconds >= 90 ? "minute" : "second";
    var value = Math.ceil(seconds / { hour: 3600, minute: 60, second: 1 }[unit]);
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: unit, unitDisplay: "long" }).format(value);
    } catch (e) {  // a browser without unit formatting
      return value + " " + unit.charAt(0);
    }
  }

  function chosenFiles() {
    var files = Array.prototype.slice.call((input && input.files) || []);
    if (camera && camera.files) files = files.concat(Array.prototype.slice.call(camera.files));
    return files;
  }

  function setFiles(files) {
    if (!canMerge) return false;
    var transfer = new DataTransfer();
    for (var i = 0; i < files.length; i++) transfer.items.add(files[i]);
    input.files = transfer.files;
    return true;
  }

  function addFiles(added) {
    var all = Array.prototype.slice.call(input.files || []);
    for (var i = 0; i < added.length; i++) {
      var known = all.some(function (f) { return f.name === added[i].name && f.size === added[i].size; });
      if (!known) all.push(added[i]);
    }
    return setFiles(all);
  }

  function render() {
    if (!list) return;
    list.textContent = "";
    var files = chosenFiles();
    files.forEach(function (f) {
      var li = document.createElement("li");
      li.textContent = f.name + " · " + humanSize(f.size);
      if (maxBytes && f.size > maxBytes) {
        li.className = "text-danger";
        li.textContent += " · " + (zone.dataset.tooLarge || "too large");
      }
      list.appendChild(li);
    });
    if (files.length > maxFiles) {
      var warn = document.createElement("li");
      warn.className = "text-danger fw-semibold";
      warn.textContent = (zone.dataset.tooMany || "At most %n files at once.").replace("%n", maxFiles);
      list.appendChild(warn);
    }
  }

  if (kind && input) {
    var accept = {};
    (kind.dataset.accept || "").split("|").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) accept[parts[0]] = parts[1];
    });
    kind.addEventListener("change", function () {
      if (accept[kind.value]) input.setAttribute("accept", accept[kind.value]);
    });
  }

  if (input) input.addEventListener("change", render);

  if (camera) {
    camera.addEventListener("change", function () {
      // Move the photo into the main list, so several photos can be taken one after another.
      if (camera.files && camera.files.length && addFiles(camera.files)) camera.value = "";
      render();
    });
  }

  if (zone && input && canMerge) {
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragover");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        addFiles(event.dataTransfer.files);
        render();
      }
    });
  }

  // ---- Resumable uploads ---------------------------------------------------------------------------
  var board = form.querySelector("[data-uploads]");
  var itemTemplate = form.querySelector("template[data-upload-item]");
  if (!form.dataset.endpoint || !board || !itemTemplate || !window.tus || !window.tus.isSupported) return;

  var STALL_MS = 5000;  // no progress for this long: say the connection is lost
  var KICK_MS = 30000;  // ... and for this long while "online": drop the hung request, ask the server where to go on
  var CHECK_MS = 120000;  // the last chunk's answer waits for the server's checks; a hung one is asked again by HEAD
  var RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000];
  var TERMINAL = ["done", "refused", "cancelled", "failed"];
  var text = board.dataset;
  var chunkBytes = parseInt(form.dataset.chunkBytes, 10) || 5 * 1024 * 1024;
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
  var doneNote = form.querySelector("[data-uploads-done]");
  var unfinished = form.querySelector("[data-unfinished]");
  var items = [];

  // What the server files the upload under: a previous upload of the same file continues only if it went
  // to the same place (the description may have been retyped; it is kept as first sent).
  var TARGET = ["kind", "region", "problem", "contest", "replaces"];

  function metadataFor(file) {
    var data = new FormData(form);
    var metadata = { filename: file.name, filetype: file.type || "application/octet-stream" };
    TARGET.concat(["description"]).forEach(function (key) {
      var value = (data.get(key) || "").toString().trim();
      if (value) metadata[key] = value;
    });
    return metadata;
  }

  function sameTarget(a, b) {
    return TARGET.every(function (key) { return (a[key] || "") === (b[key] || ""); });
  }

  function statusOf(err) {
    return err && err.originalResponse ? err.originalResponse.getStatus() : 0;
  }

  // Worth another try: the link failed (no answer), the offset moved (409), another request on the same
  // upload still runs (423), or the server had a passing fault. Any other 4xx is the server's "no".
  function transient(err) {
    var status = statusOf(err);
    return Boolean(err && err.originalRequest) && (status === 0 || status === 409 || status === 423 || status >= 500);
  }

  function refusalOf(err) {
    try {
      // The API's refusal: {"message", "extra": {field: [...]}} (or DRF's {"detail", "errors"}).
      var body = JSON.parse(err.originalResponse.getBody());
      var fields = body.extra || body.errors || {};
      var parts = [];
      Object.keys(fields).forEach(function (field) { parts = parts.concat(fields[field]); });
      parts = parts.filter(function (part) { return typeof part === "string"; });
      if (!parts.length && (body.message || body.detail)) parts.push(body.message || body.detail);
      if (parts.length) return parts.join(" ");
    } catch (e) {
      // not the API's JSON: fall through to the generic message
    }
    return text.failed;
  }

  function Item(file) {
    var self = this;
    this.file = file;
    this.metadata = metadataFor(file);
    this.state = "waiting";
    this.samples = [];
    this.lastProgress = Date.now();
    this.row = itemTemplate.content.firstElementChild.cloneNode(true);
    this.bar = this.row.querySelector("[role=progressbar]");
    this.row.querySelector("[data-name]").textContent = file.name;
    this.bar.setAttribute("aria-label", file.name);
    this.row.querySelector("[data-pause]").addEventListener("click", function () { self.pause(); });
    this.row.querySelector("[data-resume]").addEventListener("click", function () { self.resume(); });
    this.row.querySelector("[data-cancel]").addEventListener("click", function () { self.cancel(); });
    this.upload = new window.tus.Upload(file, {
      endpoint: form.dataset.endpoint,
      chunkSize: chunkBytes,
      retryDelays: RETRY_DELAYS,
      metadata: this.metadata,
      headers: { "X-CSRFToken": csrf ? csrf.value : "", Accept: "application/json" },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: function (sent, total) { self.progress(sent, total); },
      onShouldRetry: function (err) {
        if (!transient(err)) return false;
        if (statusOf(err) === 0) self.setState("lost");
        return navigator.onLine !== false;
      },
      onSuccess: function (payload) { self.finished(payload.lastResponse); },
      onError: function (err) { self.failed(err); },
    });
    this.figures(0, file.size);
    this.setState("waiting");
    board.appendChild(this.row);
  }

  Item.prototype.setState = function (state, message) {
    this.state = state;
    var line = this.row.querySelector("[data-state]");
    var words = message || text[state] || "";
    if (line.textContent !== words) line.textContent = words;
    line.classList.toggle("text-warning-emphasis", state === "lost");
    line.classList.toggle("text-success", state === "done");
    line.classList.toggle("text-danger", state === "refused" || state === "failed");
    this.row.dataset.state = state;
    var running = TERMINAL.indexOf(state) < 0;
    this.row.querySelector("[data-controls]").classList.toggle("d-none", !running || state === "checking");
    this.row.querySelector("[data-pause]").classList.toggle("d-none", state === "paused" || state === "waiting");
    this.row.querySelector("[data-resume]").classList.toggle("d-none", state !== "paused");
  };

  Item.prototype.figures = function (sent, total, speed) {
    var pct = total ? Math.floor((sent / total) * 100) : 0;
    this.bar.querySelector(".progress-bar").style.width = pct + "%";
    this.bar.setAttribute("aria-valuenow", String(pct));
    this.row.querySelector("[data-percent]").textContent = pct + "%";
    var words = fill(text.of, { sent: humanSize(sent), total: humanSize(total) });
    if (speed) {
      words += " · " + fill(text.left, { speed: humanSize(speed) + "/s", time: humanDuration((total - sent) / speed) });
    }
    this.row.querySelector("[data-figures]").textContent = words;
    this.bar.setAttribute("aria-valuetext", pct + "% · " + words);
  };

  // Speed over the last ten seconds: steady enough to read, quick to follow a changing link.
  Item.prototype.speed = function (sent, now) {
    var last = this.samples[this.samples.length - 1];
    if (last && sent < last[1]) this.samples = [];  // went back to the server's offset after a cut chunk
    this.samples.push([now, sent]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 10000) this.samples.shift();
    var first = this.samples[0];
    var seconds = (now - first[0]) / 1000;
    return seconds >= 1 ? (sent - first[1]) / seconds : 0;
  };

  Item.prototype.progress = function (sent, total) {
    if (this.state === "paused" || TERMINAL.indexOf(this.state) >= 0) return;
    var now = Date.now();
    this.lastProgress = now;
    if (this.fresh) {
      // The first figure after a (re)start is the server's offset: what survived is not sent again.
      this.fresh = false;
      this.samples = [];
      this.resumedAt = sent;
    }
    if (sent >= total) {
      this.setState("checking");
    } else if (this.resumedAt > 0) {
      this.setState("resuming", fill(text.resuming, { sent: humanSize(this.resumedAt) }));
    } else {
      this.setState("sending");
    }
    this.figures(sent, total, this.state === "checking" ? 0 : this.speed(sent, now));
  };

  Item.prototype.start = function () {
    var self = this;
    this.fresh = true;
    this.lastProgress = Date.now();
    this.setState("sending");
    this.upload.findPreviousUploads().then(function (previous) {
      var same = previous.filter(function (p) { return sameTarget(p.metadata || {}, self.metadata); });
      same.sort(function (a, b) { return new Date(b.creationTime) - new Date(a.creationTime); });
      if (same.length) self.upload.resumeFromPreviousUpload(same[0]);
      if (self.state === "sending") self.upload.start();
    });
  };

  // Drop whatever request hangs and continue from the server's offset (HEAD, then PATCH from there).
  Item.prototype.restart = function () {
    var self = this;
    this.fresh = true;
    this.lastProgress = Date.now();
    this.upload.abort(false).then(function () {
      if (["lost", "sending", "resuming", "checking"].indexOf(self.state) >= 0) self.upload.start();
    });
  };

  Item.prototype.pause = function () {
    if (TERMINAL.indexOf(this.state) >= 0) return;
    this.setState("paused");
    this.upload.abort(false);
  };

  Item.prototype.resume = function () {
    if (this.state !== "paused") return;
    this.setState("sending");
    this.restart();
  };

  Item.prototype.cancel = function () {
    var self = this;
    if (TERMINAL.indexOf(this.state) >= 0) return;
    var started = Boolean(this.upload.url);
    this.setState("cancelled", started ? " " : text.cancelled);
    if (!started) {
      this.upload.abort(false);
      next();
      return;
    }
    // Termination: DELETE frees what the server holds of this upload.
    this.upload.abort(true).then(
      function () { self.setState("cancelled", text.cancelled); },
      function () { self.setState("cancelled", text.cancelLater); }
    ).then(next);
  };

  Item.prototype.finished = function (response) {
    var outcome = response.getHeader("Evidence-Created") === "false" ? "duplicate" : "stored";
    var result = this.row.querySelector("[data-result]");
    result.querySelector(".sha256").textContent = response.getHeader("Evidence-Sha256") || "";
    var link = result.querySelector("[data-testid=evidence-link]");
    link.href = response.getHeader("Evidence-Url") || "#";
    link.textContent = this.file.name;
    result.classList.remove("d-none");
    this.row.dataset.outcome = outcome;
    this.row.dataset.evidence = response.getHeader("Evidence-Id") || "";
    this.figures(this.file.size, this.file.size);
    this.setState("done", text[outcome]);
    next();
  };

  Item.prototype.failed = function (err) {
    if (this.state === "paused" || this.state === "cancelled") return;
    if (transient(err)) {
      // The retries ran out while the link stayed down: keep waiting (the browser's online event or
      // the watchdog below starts it again), never give up on a file the user did not cancel.
      this.setState("lost");
      return;
    }
    this.row.dataset.outcome = "refused";
    if (statusOf(err)) {
      this.setState("refused", refusalOf(err));
      this.forget();
    } else {
      this.setState("failed");
      if (window.console) window.console.error(err);
    }
    next();
  };

  // A refused upload is gone from the server: stop naming it as one to continue.
  Item.prototype.forget = function () {
    var url = this.upload.url;
    var storage = window.tus.defaultOptions.urlStorage;
    if (!url || !storage) return;
    this.upload.findPreviousUploads().then(function (previous) {
      previous.forEach(function (p) { if (p.uploadUrl === url) storage.removeUpload(p.urlStorageKey); });
    });
  };

  function next() {
    var running = items.filter(function (item) { return TERMINAL.indexOf(item.state) < 0; });
    var waiting = running.filter(function (item) { return item.state === "waiting"; });
    if (running.length > waiting.length) return;  // one file at a time: a weak link gains nothing from two
    if (waiting.length) {
      waiting[0].start();
      return;
    }
    submit.disabled = false;
    var stored = items.some(function (item) { return item.state === "done"; });
    if (doneNote && stored) doneNote.classList.remove("d-none");
  }

  setInterval(function () {
    var now = Date.now();
    items.forEach(function (item) {
      var quiet = now - item.lastProgress;
      if ((item.state === "sending" || item.state === "resuming") && quiet > STALL_MS) item.setState("lost");
      if (item.state === "lost" && quiet > KICK_MS && navigator.onLine !== false) item.restart();
      if (item.state === "checking" && quiet > CHECK_MS && navigator.onLine !== false) item.restart();
    });
  }, 1000);

  window.addEventListener("offline", function () {
    items.forEach(function (item) {
      if (item.state === "sending" || item.state === "resuming") item.setState("lost");
    });
  });
  window.addEventListener("online", function () {
    items.forEach(function (item) { if (item.state === "lost") item.restart(); });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var files = chosenFiles();
    var note = null;
    if (!files.length) note = text.none;
    else if (form.querySelector("[name=replaces]") && form.querySelector("[name=replaces]").value && files.length > 1) {
      note = text.oneFile;
    }
    if (note) {
      var li = document.createElement("li");
      li.className = "text-danger fw-semibold";
      li.textContent = note;
      list.appendChild(li);
      return;
    }
    submit.disabled = true;
    if (doneNote) doneNote.classList.add("d-none");
    board.classList.remove("d-none");
    if (unfinished) unfinished.classList.add("d-none");
    files.forEach(function (file) { items.push(new Item(file)); });
    // The chosen files now live in the list above; the picker is free for the next ones.
    if (input) input.value = "";
    if (camera) camera.value = "";
    render();
    next();
  });

  // Uploads this browser began and did not finish (the page was closed, the phone restarted): name them,
  // so the user knows that choosing the same file again continues it.
  var storage = window.tus.defaultOptions && window.tus.defaultOptions.urlStorage;
  if (unfinished && storage && storage.findAllUploads) {
    storage.findAllUploads().then(function (uploads) {
      var names = uploads.map(function (u) { return (u.metadata || {}).filename; }).filter(Boolean);
      names = names.filter(function (name, i) { return names.indexOf(name) === i; });
      if (!names.length) return;
      unfinished.textContent = fill(unfinished.dataset.text, { names: names.join(", ") });
      unfinished.classList.remove("d-none");
    });
  }
})();
