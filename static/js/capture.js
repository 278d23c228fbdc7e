/* Offline capture (inventory/views_capture.py). A record is saved in the phone's IndexedDB first, with
   its photos as Blobs, and only then sent: the problem through the API, each photo through the resumable
   upload endpoint (tus, linked to the new problem). An item leaves the phone only when the server has
   confirmed everything; a half-sent item remembers what is done (the problem's id, each stored photo), so
   sending again never records the problem twice. A change to an existing problem is sent over the version
   it was based on (If-Match): if someone changed the problem meanwhile it is shown, never overwritten. */
(function () {
  "use strict";

  var root = document.querySelector("[data-capture]");
  if (!root) return;
  var T = JSON.parse(document.getElementById("capture-text").textContent);
  var recent = JSON.parse(document.getElementById("capture-recent").textContent);
  var user = root.dataset.user;
  var problemsUrl = root.dataset.problemsUrl;
  var problemPage = root.dataset.problemPage; // the page of problem 0: "/0/" becomes the id
  var uploadUrl = root.dataset.uploadUrl;
  var chunkSize = parseInt(root.dataset.chunkBytes, 10) || 5 * 1024 * 1024;
  var form = root.querySelector("[data-capture-form]");
  var photoInput = form.querySelector("[data-photos]");
  var photoList = form.querySelector("[data-photo-list]");
  var changeForm = root.querySelector("[data-change-form]");
  var queueList = root.querySelector("[data-queue]");
  var sentList = root.querySelector("[data-sent]");
  var pending = []; // photos chosen for the record being filled in
  var sending = false;
  var RETRY_MS = 30000;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Storage ------------------------------------------------------------------------------------------

  var db = idb.openDB("siaga-capture", 1, {
    upgrade: function (database) { database.createObjectStore("queue", { keyPath: "key" }); }
  });

  function saveItem(item) { return db.then(function (d) { return d.put("queue", item); }); }
  function dropItem(item) { return db.then(function (d) { return d.delete("queue", item.key); }); }

  // Only this person's records: a shared phone never shows or sends someone else's.
  function loadItems() {
    return db.then(function (d) { return d.getAll("queue"); }).then(function (items) {
      return items.filter(function (item) { return item.user === user; })
        .sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : 1; });
    });
  }

  // The API ------------------------------------------------------------------------------------------

  function api(method, url, body, headers) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: Object.assign({ Accept: "application/json", "X-CSRFToken": csrfToken() }, headers || {})
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { status: response.status, ok: response.ok, data: data, etag: response.headers.get("ETag") };
      });
    });
  }

  // A refusal the user must act on (4xx): kept with the server's words, never retried on its own.
  function Refusal(message) { this.message = message; }

  function refusalText(data, status) {
    if (!data) return "HTTP " + status;
    var parts = [data.message || data.detail || ""];
    var extra = data.extra || data.errors || {};
    Object.keys(extra).forEach(function (field) {
      var errors = extra[field];
      parts.push(field + ": " + (Array.isArray(errors) ? errors.join(" ") : errors));
    });
    return parts.filter(Boolean).join(" · ") || "HTTP " + status;
  }

  function checked(answer) {
    if (answer.status >= 400 && answer.status < 500) throw new Refusal(refusalText(answer.data, answer.status));
    if (!answer.ok) throw new Error("HTTP " + answer.status);
    return answer;
  }

  function problemUrl(id, tail) { return problemsUrl + id + "/" + (tail || ""); }
  function pageOf(id) { return problemPage.replace("/0/", "/" + id + "/"); }

  // Sending a new problem ----------------------------------------------------------------------------

  // The answer to an earlier POST may have been lost with the link: before recording again, look for the
  // problem this person recorded with the same words in the same place.
  function findCreated(item) {
    var f = item.fields;
    var query = "?ordering=newest&region=" + encodeURIComponent(f.region) + "&q=" + encodeURIComponent(f.title);
    return api("GET", problemsUrl + query).then(checked).then(function (answer) {
      var rows = (answer.data && answer.data.results) || answer.data || [];
      var match = rows.filter(function (p) {
        return p.reported_by === user && p.title === f.title && p.description === f.description &&
          p.region === f.region && p.category === f.category && p.stage === f.stage;
      })[0];
      return match ? match.id : null;
    });
  }

  function createProblem(item) {
    if (item.problemId) return Promise.resolve();
    var found = item.posted ? findCreated(item) : Promise.resolve(null);
    return found.then(function (id) {
      if (id) return id;
      item.posted = true; // remembered before sending: if the answer is lost, look before posting again
      return saveItem(item).then(function () {
        return api("POST", problemsUrl, item.fields);
      }).then(function (answer) {
        if (answer.status >= 400 && answer.status < 500) item.posted = false; // refused: nothing recorded
        return checked(answer).data.id;
      });
    }).then(function (id) {
      item.problemId = id;
      item.error = "";
      return saveItem(item);
    });
  }

  function uploadPhoto(item, photo, index) {
    return new Promise(function (resolve, reject) {
      var upload = new tus.Upload(photo.blob, {
        endpoint: uploadUrl,
        chunkSize: chunkSize,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        // One stored photo, one fingerprint: found again after a reload, whatever the browser says of a Blob.
        fingerprint: function () { return Promise.resolve("siaga-capture:" + item.key + ":" + index); },
        headers: { "X-CSRFToken": csrfToken() },
        metadata: {
          filename: photo.name,
          filetype: photo.type || "image/jpeg",
          kind: "photo",
          region: item.fields.region,
          problem: String(item.problemId)
        },
        onShouldRetry: function (error) {
          var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
          return !status || status === 409 || status === 423 || status >= 500;
        },
        onSuccess: function (payload) {
          var id = payload && payload.lastResponse && payload.lastResponse.getHeader("Evidence-Id");
          if (id) resolve(id); else reject(new Error("no Evidence-Id"));
        },
        onError: function (error) {
          var response = error.originalResponse;
          var status = response ? response.getStatus() : 0;
          if (status >= 400 && status < 500 && status !== 409 && status !== 423) {
            var data = null;
            try { data = JSON.parse(response.getBody()); } catch (e) { data = null; }
            reject(new Refusal(photo.name + ": " + refusalText(data, status)));
          } else {
            reject(error);
          }
        }
      });
      upload.findPreviousUploads().then(function (previous) {
        if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      });
    });
  }

  function sendPhotos(item) {
    return item.photos.reduce(function (chain, photo, index) {
      return chain.then(function () {
        if (photo.evidenceId) return;
        return uploadPhoto(item, photo, index).then(function (id) {
          photo.evidenceId = id;
          photo.blob = null; // stored on the server: the phone no longer needs the bytes
          return saveItem(item).then(render);
        });
      });
    }, Promise.resolve());
  }

  function sendProblem(item) {
    return createProblem(item).then(render).then(function () { return sendPhotos(item); }).then(function () {
      note(fill(T.sent, { id: item.problemId, n: item.photos.length }), pageOf(item.problemId));
    });
  }

  // Sending a change to an existing problem ----------------------------------------------------------

  function conflictWith(item, current) {
    item.conflict = {
      version: current.version,
      updated_at: current.updated_at,
      status: current.status,
      follow_up_notes: current.follow_up_notes
    };
    return saveItem(item);
  }

  function sendChange(item) {
    var target = item.target;
    var ifMatch = { "If-Match": '"' + target.version + '"' };
    return api("GET", problemUrl(target.id)).then(checked).then(function (answer) {
      // Checked here too: the status action of the API does not compare versions itself.
      if (answer.data.version !== target.version) return conflictWith(item, answer.data).then(function () { return false; });
      var steps = Promise.resolve(target.version);
      if (item.note) {
        steps = steps.then(function () {
          var notes = target.follow_up_notes ? target.follow_up_notes + "\n\n" + item.note : item.note;
          return api("PATCH", problemUrl(target.id), { follow_up_notes: notes }, ifMatch);
        }).then(function (patched) {
          if (patched.status === 412) {
            return api("GET", problemUrl(target.id)).then(checked).then(function (now) {
              return conflictWith(item, now.data).then(function () { throw new Refusal(null); });
            });
          }
          return checked(patched).data.version;
        });
      }
      if (item.status) {
        steps = steps.then(function (version) {
          return api("POST", problemUrl(target.id, "status/"), { status: item.status }, { "If-Match": '"' + version + '"' });
        }).then(checked);
      }
      return steps.then(function () { return true; });
    }).then(function (done) {
      if (done) note(fill(T.change_sent, { id: target.id }), pageOf(target.id));
      return done;
    }).catch(function (error) {
      if (error instanceof Refusal && error.message === null) return false; // the conflict is on the item
      throw error;
    });
  }

  // The queue ----------------------------------------------------------------------------------------

  function sendOne(item) {
    if (item.conflict) return Promise.resolve();
    item.state = "sending";
    render();
    var send = item.type === "problem" ? sendProblem(item).then(function () { return true; }) : sendChange(item);
    return send.then(function (done) {
      item.state = "";
      return done ? dropItem(item) : saveItem(item);
    }, function (error) {
      item.state = "";
      if (error instanceof Refusal) {
        item.error = error.message;
        return saveItem(item);
      }
      // The link dropped or the server stumbled: kept as it is, sent again on the next chance.
    });
  }

  function sendQueue() {
    return loadItems().then(function (items) {
      return items.filter(function (item) { return !item.error && !item.conflict; })
        .reduce(function (chain, item) { return chain.then(function () { return sendOne(item); }); }, Promise.resolve());
    }).catch(function () { /* tried again on the next chance */ });
  }

  function sendAll() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    // One sender per phone: two open tabs must not post the same record twice.
    var sent = navigator.locks ? navigator.locks.request("siaga-capture-send", { ifAvailable: true }, function (lock) {
      return lock ? sendQueue() : null;
    }) : sendQueue();
    return sent.then(function () {
      sending = false;
      return render();
    });
  }

  // Showing the queue --------------------------------------------------------------------------------

  function note(text, href) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = href;
    link.textContent = text;
    li.appendChild(link);
    sentList.appendChild(li);
  }

  function button(label, className, onClick, testid) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + className;
    b.textContent = label;
    b.dataset.testid = testid;
    b.addEventListener("click", onClick);
    return b;
  }

  function line(text, className) {
    var p = document.createElement("p");
    p.className = "mb-1 small " + (className || "");
    p.textContent = text;
    return p;
  }

  function statusLabel(value) { return T.statuses[value] || value; }

  function describe(item) {
    var li = document.createElement("li");
    li.className = "list-group-item";
    li.dataset.testid = "queue-item";
    var title = document.createElement("div");
    title.className = "fw-semibold";
    if (item.type === "problem") {
      title.textContent = item.fields.title + " · " + item.fields.region;
      li.appendChild(title);
      var done = [];
      if (item.problemId) done.push(fill(T.problem_stored, { id: item.problemId }));
      item.photos.forEach(function (photo, i) { if (photo.evidenceId) done.push(fill(T.photo_stored, { i: i + 1 })); });
      li.appendChild(line(fill(T.photos, { n: item.photos.length }) + (done.length ? " · " + done.join(", ") : ""), "text-muted"));
    } else {
      title.textContent = "#" + item.target.id + " " + item.target.title;
      li.appendChild(title);
    }
    li.appendChild(line(item.state === "sending" ? T.sending : T.queued, "text-muted"));
    if (item.error) {
      var error = line(fill(T.refused, { message: item.error }), "text-danger");
      error.dataset.testid = "queue-error";
      li.appendChild(error);
    }
    if (item.conflict) li.appendChild(conflictPanel(item));
    var actions = document.createElement("div");
    actions.className = "d-flex gap-2 mt-1";
    if (item.conflict) {
      actions.appendChild(button(T.reapply, "btn-outline-danger", function () { reapply(item); }, "queue-reapply"));
      actions.appendChild(button(T.discard, "btn-outline-secondary", function () { discard(item, false); }, "queue-discard"));
    } else {
      if (item.error) actions.appendChild(button(T.retry, "btn-outline-danger", function () { retry(item); }, "queue-retry"));
      actions.appendChild(button(T.delete, "btn-outline-secondary", function () { discard(item, true); }, "queue-delete"));
    }
    li.appendChild(actions);
    return li;
  }

  // The site's one format for a moment ("12 Des 2024 23.59 WIB", core/dates.py), in the page's language.
  function moment(iso) {
    var lang = document.documentElement.lang || "id";
    var parts = {};
    new Intl.DateTimeFormat(lang, {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23", timeZone: "Asia/Jakarta"
    }).formatToParts(new Date(iso)).forEach(function (p) { parts[p.type] = p.value; });
    var separator = lang.indexOf("id") === 0 ? "." : ":";
    return [parts.day, parts.month.replace(".", ""), parts.year, parts.hour + separator + parts.minute, "WIB"].join(" ");
  }

  function conflictPanel(item) {
    var c = item.conflict;
    var box = document.createElement("div");
    box.className = "alert alert-warning p-2 my-1";
    box.dataset.testid = "queue-conflict";
    box.appendChild(line(fill(T.conflict, { time: moment(item.target.updated_at), version: c.version }), "fw-semibold"));
    var mine = [];
    if (item.status) mine.push(fill(T.status_to, { status: statusLabel(item.status) }));
    if (item.note) mine.push(fill(T.note, { note: item.note }));
    var yours = line(T.yours + ": " + mine.join(" · "));
    yours.dataset.testid = "conflict-yours";
    var theirs = line(T.theirs + ": " + fill(T.status_now, { status: statusLabel(c.status) }) + " · " +
      fill(T.notes_now, { notes: c.follow_up_notes || "-" }) + " (" + moment(c.updated_at) + ")");
    theirs.dataset.testid = "conflict-theirs";
    box.appendChild(yours);
    box.appendChild(theirs);
    return box;
  }

  function render() {
    return loadItems().then(function (items) {
      queueList.textContent = "";
      items.forEach(function (item) { queueList.appendChild(describe(item)); });
      root.querySelector("[data-queue-count]").textContent = items.length ? fill(T.waiting, { n: items.length }) : T.empty;
      root.querySelector("[data-network]").textContent = navigator.onLine ? T.online : T.offline;
    });
  }

  function reapply(item) {
    // Based now on the problem as it is: the user saw both versions and chose to apply theirs.
    item.target.version = item.conflict.version;
    item.target.updated_at = item.conflict.updated_at;
    item.target.follow_up_notes = item.conflict.follow_up_notes;
    item.conflict = null;
    saveItem(item).then(render).then(sendAll);
  }

  function retry(item) {
    item.error = "";
    saveItem(item).then(render).then(sendAll);
  }

  function discard(item, ask) {
    if (ask && !window.confirm(T.confirm_delete)) return;
    dropItem(item).then(render);
  }

  // Recording ----------------------------------------------------------------------------------------

  function renderPhotos() {
    photoList.textContent = "";
    pending.forEach(function (file, i) {
      var li = document.createElement("li");
      li.className = "d-flex align-items-center gap-2 mb-1";
      li.dataset.testid = "capture-photo";
      var img = document.createElement("img");
      img.className = "capture-thumb";
      img.alt = "";
      img.width = 48;
      img.height = 48;
      img.src = URL.createObjectURL(file);
      li.appendChild(img);
      li.appendChild(document.createTextNode(file.name));
      li.appendChild(button(T.remove_photo, "btn-link p-0", function () { pending.splice(i, 1); renderPhotos(); }, "capture-photo-remove"));
      photoList.appendChild(li);
    });
  }

  photoInput.addEventListener("change", function () {
    Array.prototype.forEach.call(photoInput.files, function (file) { pending.push(file); });
    photoInput.value = ""; // the next photo taken is added, not swapped in
    renderPhotos();
  });

  function value(name) { return form.elements[name].value.trim(); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var occurred = value("occurred_at");
    var item = {
      key: newKey(),
      user: user,
      type: "problem",
      createdAt: new Date().toISOString(),
      fields: {
        title: value("title"),
        region: value("region"),
        stage: value("stage"),
        category: value("category"),
        source: value("source"),
        follow_up: value("follow_up"),
        description: value("description"),
        // The phone's clock and zone, as an instant the server cannot misread.
        occurred_at: occurred ? new Date(occurred).toISOString() : null
      },
      photos: pending.map(function (file) {
        return { name: file.name, type: file.type, size: file.size, blob: file, evidenceId: null };
      }),
      problemId: null,
      posted: false,
      error: ""
    };
    saveItem(item).then(function () {
      form.reset();
      pending = [];
      renderPhotos();
      form.querySelector("[data-form-status]").textContent = T.saved;
      return render();
    }).then(sendAll);
  });

  if (changeForm) {
    changeForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = parseInt(changeForm.elements.problem.value, 10);
      var target = recent.filter(function (p) { return p.id === id; })[0];
      var status = changeForm.elements.status.value;
      var text = changeForm.elements.note.value.trim();
      if (!target || (!status && !text)) return;
      saveItem({
        key: newKey(),
        user: user,
        type: "change",
        createdAt: new Date().toISOString(),
        target: Object.assign({}, target),
        status: status,
        note: text,
        conflict: null,
        error: ""
      }).then(function () {
        changeForm.reset();
        changeForm.querySelector("[data-change-status]").textContent = T.saved;
        return render();
      }).then(sendAll);
    });
  }

  window.addEventListener("online", sendAll);
  // A weak link fails without the browser ever saying "offline": try again now and then.
  window.setInterval(sendAll, RETRY_MS);
  window.addEventListener("offline", render);
  // The page may have been closed with items half sent: they are picked up when it opens again.
  render().then(sendAll).catch(function () {
    root.querySelector("[data-network]").textContent = T.no_storage;
  });
})();
