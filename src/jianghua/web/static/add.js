// Upload page (/add): files chosen or dropped are sent one after another to /api/ingest, each
// with its upload progress, then what the server is doing (OCR pages), then the CLI's summary
// and links to the speeches found. Text from the server is set as text, never as HTML.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("add-form");
  if (!form) return;
  const input = document.getElementById("add-files");
  const zone = document.getElementById("drop-zone");
  const table = document.getElementById("add-results");
  const body = table.querySelector("tbody");
  const csrf = form.querySelector("input[name='csrf_token']");
  const queue = [];
  let busy = false;

  const cell = (row, text) => {
    const td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  };

  const addRow = (file) => {
    const row = document.createElement("tr");
    row.className = "pending";
    cell(row, file.name).className = "file";
    const state = cell(row, "");
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const label = document.createElement("span");
    label.className = "stage";
    label.textContent = "等待";
    state.append(bar, " ", label);
    const counts = [0, 1, 2, 3, 4].map(() => cell(row, ""));
    const result = cell(row, "");
    result.className = "result";
    body.appendChild(row);
    table.hidden = false;
    return { file, row, bar, label, counts, result };
  };

  const poll = (job) => {
    fetch(form.dataset.progress, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : {}))
      .then((p) => {
        if (!job.done && p.stage) {
          job.label.textContent = p.total ? `${p.stage} 第 ${p.done}/${p.total} 页` : `${p.stage}…`;
        }
      })
      .catch(() => {});
  };

  const finish = (job, status, data) => {
    job.done = true;
    clearInterval(job.timer);
    job.bar.value = 100;
    if (status === 200) {
      job.row.className = "done";
      job.label.textContent = "完成";
      const n = [data.count_speeches, data.count_new, data.count_copies, data.count_removed_lines, data.count_edits];
      n.forEach((value, i) => (job.counts[i].textContent = String(value)));
      job.result.textContent = data.status_text;
      if (data.speeches.length) {
        const list = document.createElement("ul");
        list.className = "found";
        data.speeches.forEach((s) => {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = `/speech/${encodeURIComponent(s.id)}`;
          link.textContent = s.title;
          item.append(link, s.new ? "（新增）" : "（库中已有）");
          list.appendChild(item);
        });
        job.result.appendChild(list);
      }
    } else {
      job.row.className = "failed";
      job.label.textContent = "失败";
      job.result.textContent = (data && data.error) || `上传失败（${status}）`;
    }
  };

  const send = (job) => {
    const data = new FormData();
    if (csrf) data.append("csrf_token", csrf.value); // first: the server looks for it there
    data.append("file", job.file, job.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf.value);
    job.label.textContent = "上传中";
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) job.bar.value = Math.round((e.loaded / e.total) * 90);
    });
    xhr.upload.addEventListener("load", () => {
      job.label.textContent = "处理中…";
      job.timer = setInterval(() => poll(job), 1000);
    });
    xhr.addEventListener("load", () => {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (err) {
        answer = null;
      }
      finish(job, xhr.status, answer);
      next();
    });
    xhr.addEventListener("error", () => {
      finish(job, 0, { error: `${job.file.name}：连接中断，未能上传` });
      next();
    });
    xhr.send(data);
  };

  const next = () => {
    const job = queue.shift();
    busy = Boolean(job);
    if (job) send(job);
  };

  const add = (files) => {
    Array.from(files).forEach((f) => queue.push(addRow(f)));
    if (!busy) next();
  };

  input.addEventListener("change", () => {
    add(input.files);
    input.value = "";
  });
  ["dragenter", "dragover"].forEach((type) =>
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      zone.classList.add("over");
    })
  );
  ["dragleave", "drop"].forEach((type) =>
    zone.addEventListener(type, () => zone.classList.remove("over"))
  );
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) add(e.dataTransfer.files);
  });
});
