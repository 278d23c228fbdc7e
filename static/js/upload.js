/* Evidence upload: drag and drop, camera capture merged into one file list, a per-file summary and
   an upload progress bar. Progressive enhancement: without this script the plain form still works. */
(function () {
  "use strict";

  var form = document.querySelector("[data-upload-form]");
  if (!form) return;
  var input = form.querySelector('input[type="file"][name="files"]:not([data-camera])');
  var camera = form.querySelector("input[data-camera]");
  var zone = form.querySelector("[data-dropzone]");
  var list = form.querySelector("[data-file-list]");
  var kind = form.querySelector('select[name="kind"]');
  var progress = form.querySelector("[data-progress]");
  var submit = form.querySelector("[data-submit]");
  var maxFiles = parseInt(input && input.dataset.maxFiles, 10) || 20;
  var maxBytes = parseInt(input && input.dataset.maxBytes, 10) || 0;
  var canMerge = typeof DataTransfer === "function";

  function humanSize(bytes) {
    var units = ["B", "KB", "MB", "GB"];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
    return (i ? bytes.toFixed(1) : bytes) + " " + units[i];
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
    var files = Array.prototype.slice.call(input.files || []);
    if (camera && camera.files) files = files.concat(Array.prototype.slice.call(camera.files));
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

  // Upload with a progress bar (large videos over a phone connection take a while).
  if (window.XMLHttpRequest && window.FormData && progress) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var bar = progress.querySelector(".progress-bar");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var pct = Math.round((e.loaded / e.total) * 100);
          bar.style.width = pct + "%";
          progress.setAttribute("aria-valuenow", String(pct));
        }
      });
      xhr.addEventListener("load", function () {
        // Show the answer (the problem page after a redirect, or the per-file results) as the new page.
        var url = xhr.responseURL || window.location.href;
        document.open();
        document.write(xhr.responseText);
        document.close();
        if (url !== window.location.href) window.history.replaceState(null, "", url);
        // The redirect's #evidence anchor does not survive XHR: scroll to the evidence list ourselves.
        var target = document.getElementById("evidence");
        if (target && url !== form.getAttribute("action")) target.scrollIntoView();
      });
      xhr.addEventListener("error", function () {
        submit.disabled = false;
        progress.classList.add("d-none");
        var li = document.createElement("li");
        li.className = "text-danger fw-semibold";
        li.textContent = zone.dataset.failed || "The upload was interrupted; try again.";
        list.appendChild(li);
      });
      progress.classList.remove("d-none");
      submit.disabled = true;
      xhr.send(new FormData(form));
    });
  }
})();
