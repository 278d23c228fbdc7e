// The evidence viewer: every page of a PDF (pdf.js, vendored, loaded only here) or the photo, with zoom.
// The bytes come from the logged, hash-checking download view (?view=1), which records the opening; the
// verify/reject buttons unlock once the whole file is on screen (the server checks the record anyway).
const box = document.getElementById("viewer");
const statusLine = document.querySelector("[data-testid=viewer-status]");
const ZOOM_STEP = 1.25;
let zoom = 1; // 1 = fit the width of the box
let redraw = () => {};

function say(text) {
  statusLine.textContent = text;
}

function unlock() {
  document.querySelectorAll("[data-verify-locked] button[type=submit]").forEach((button) => {
    button.disabled = false;
  });
}

async function fetchFile() {
  const response = await fetch(box.dataset.file, { credentials: "same-origin" });
  if (response.status === 409) {
    throw new Error(box.dataset.tampered, { cause: "tampered" });
  }
  if (!response.ok) {
    throw new Error(box.dataset.failed);
  }
  return response;
}

async function showPdf(response) {
  const pdfjs = await import(box.dataset.pdfjs);
  pdfjs.GlobalWorkerOptions.workerSrc = box.dataset.worker;
  const data = new Uint8Array(await response.arrayBuffer());
  const pdf = await pdfjs.getDocument({ data, isEvalSupported: false }).promise;
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    pages.push(await pdf.getPage(n));
  }
  redraw = async () => {
    box.replaceChildren();
    const width = box.clientWidth - 16;
    for (const page of pages) {
      const natural = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (zoom * width) / natural.width });
      const ratio = window.devicePixelRatio || 1;
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.className = "viewer-page";
      canvas.dataset.page = String(page.pageNumber);
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${box.dataset.pageLabel} ${page.pageNumber} / ${pages.length}`);
      box.append(canvas);
      const transform = ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0];
      await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport, transform }).promise;
      canvas.dataset.rendered = "true";
    }
  };
  await redraw();
  return pages.length;
}

async function showImage(response) {
  const url = URL.createObjectURL(await response.blob());
  const image = new Image();
  image.alt = "";
  image.className = "viewer-image";
  image.dataset.page = "1";
  await new Promise((resolve, reject) => {
    image.onload = resolve;
    image.onerror = () => reject(new Error(box.dataset.failed));
    image.src = url;
  });
  image.dataset.rendered = "true";
  box.replaceChildren(image);
  redraw = async () => {
    image.style.width = `${Math.round(zoom * 100)}%`;
  };
  await redraw();
  return 1;
}

document.querySelectorAll("[data-zoom]").forEach((button) => {
  button.addEventListener("click", () => {
    const how = button.dataset.zoom;
    zoom = how === "in" ? zoom * ZOOM_STEP : how === "out" ? zoom / ZOOM_STEP : 1;
    redraw();
  });
});

if (box) {
  try {
    const response = await fetchFile();
    const shown = box.dataset.kind === "pdf" ? await showPdf(response) : await showImage(response);
    box.dataset.pages = String(shown);
    say(box.dataset.done.replace("%(n)s", shown));
    unlock();
    box.dataset.state = "done";
  } catch (error) {
    // pdf.js speaks English about the file's insides; the user needs to know what to do.
    say(error.cause === "tampered" ? box.dataset.tampered : box.dataset.failed);
    box.dataset.state = "failed";
  }
}
