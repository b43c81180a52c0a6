"""The query page of ``srbgraph serve``: plain HTML and JavaScript, no network access beyond the
server itself. The named queries travel as JSON in the page; everything from the data is set with
``textContent``, so no label or value can become markup."""
from __future__ import annotations

import html
import json

from ..render.i18n import word


def editor_html(lang: str, service) -> str:
    from ..model.queries import all_named

    named = [{"name": q.name, "title": q.title or q.name, "description": q.description, "text": q.text}
             for q in all_named()]
    # "<" escaped, so a query text holding "</script>" cannot end the script element
    data = json.dumps(named, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
    words = {"title": word("page-title", lang), "named": word("named-query", lang), "run": word("run", lang),
             "graph": word("interactive-graph", lang), "limits": word("limits", lang, t="{t}", r="{r}")}
    limits = words["limits"].format(t=f"{service.timeout:g}", r=f"{service.max_rows:,}")
    e = html.escape
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{e(words['title'])}</title>
<style>
  body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 1.2em; color: #222; }}
  textarea {{ width: 100%; height: 16em; font-family: "DejaVu Sans Mono", monospace; font-size: 13px; }}
  select {{ max-width: 100%; }}
  table {{ border-collapse: collapse; margin-top: 1em; font-size: 13px; }}
  th, td {{ border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }}
  th {{ background: #f0f0f0; }}
  #status {{ margin: .6em 0; color: #555; white-space: pre-wrap; }}
  #status.error {{ color: #b00020; }}
  #description {{ color: #555; font-size: 13px; }}
</style>
</head>
<body>
<h1>{e(words['title'])}</h1>
<p><a href="/graph">{e(words['graph'])}</a> · SPARQL endpoint: <code>/sparql</code> · {e(limits)}</p>
<label>{e(words['named'])}: <select id="named"><option value="">—</option></select></label>
<p id="description"></p>
<textarea id="query" spellcheck="false">SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 20</textarea>
<p><button id="run">{e(words['run'])}</button>
<select id="format"><option value="json">table</option><option value="csv">CSV</option>
<option value="tsv">TSV</option><option value="xml">XML</option><option value="ttl">Turtle</option>
<option value="jsonld">JSON-LD</option></select></p>
<div id="status"></div>
<div id="result"></div>
<script id="named-queries" type="application/json">{data}</script>
<script>
(function () {{
  var named = JSON.parse(document.getElementById("named-queries").textContent);
  var select = document.getElementById("named"), text = document.getElementById("query");
  var status = document.getElementById("status"), result = document.getElementById("result");
  named.forEach(function (q, i) {{
    var option = document.createElement("option");
    option.value = String(i); option.textContent = q.title + " (" + q.name + ")";
    select.appendChild(option);
  }});
  select.addEventListener("change", function () {{
    var q = named[Number(select.value)];
    if (!q) return;
    text.value = q.text;
    document.getElementById("description").textContent = q.description;
  }});
  function cell(binding) {{
    if (!binding) return "";
    if (binding.type === "literal" && binding["xml:lang"]) return binding.value + " @" + binding["xml:lang"];
    return binding.value;
  }}
  function table(doc) {{
    var t = document.createElement("table"), head = t.insertRow();
    if (doc.boolean !== undefined) {{ head.insertCell().textContent = String(doc.boolean); return t; }}
    doc.head.vars.forEach(function (v) {{
      var th = document.createElement("th"); th.textContent = v; head.appendChild(th);
    }});
    doc.results.bindings.forEach(function (b) {{
      var row = t.insertRow();
      doc.head.vars.forEach(function (v) {{ row.insertCell().textContent = cell(b[v]); }});
    }});
    return t;
  }}
  var types = {{json: "application/sparql-results+json, text/turtle;q=0.9", csv: "text/csv",
               tsv: "text/tab-separated-values", xml: "application/sparql-results+xml",
               ttl: "text/turtle", jsonld: "application/ld+json"}};
  document.getElementById("run").addEventListener("click", function () {{
    var format = document.getElementById("format").value, started = Date.now();
    status.className = ""; status.textContent = "…"; result.textContent = "";
    fetch("/sparql", {{method: "POST", headers: {{"Content-Type": "application/sparql-query",
                                                  "Accept": types[format]}}, body: text.value}})
      .then(function (response) {{
        return response.text().then(function (body) {{
          var ms = Date.now() - started;
          if (!response.ok) {{ status.className = "error"; status.textContent = response.status + ": " + body; return; }}
          var kind = response.headers.get("Content-Type") || "";
          if (kind.indexOf("sparql-results+json") >= 0) {{
            var doc = JSON.parse(body);
            status.textContent = (doc.results ? doc.results.bindings.length + " rows, " : "") + ms + " ms";
            result.appendChild(table(doc));
          }} else {{
            status.textContent = ms + " ms";
            var pre = document.createElement("pre"); pre.textContent = body; result.appendChild(pre);
          }}
        }});
      }})
      .catch(function (error) {{ status.className = "error"; status.textContent = String(error); }});
  }});
}})();
</script>
</body>
</html>
"""
