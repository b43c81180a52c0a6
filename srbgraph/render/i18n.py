"""Every German and English word srbgraph shows, in one place.

Users read German first: German is the default language, and where a page or a header shows both,
German stands first with English beside it. The data's own labels come from the graph
(``rdfs:label`` in both languages); this table holds only the words of srbgraph's own making.
"""
from __future__ import annotations

LANGS = ("de", "en")

#: key → (German, English)
WORDS: dict[str, tuple[str, str]] = {
    # the published site (srbgraph site)
    "site-name": ("Sozialraumbudget RLP – Wissensgraph", "Sozialraumbudget RLP – knowledge graph"),
    "site-skip": ("Zum Inhalt springen", "Skip to the content"),
    "site-nav": ("Bereiche der Seite", "Parts of the site"),
    "site-start": ("Start", "Start"),
    "site-paths": ("Pfade", "Paths"),
    "site-gaps": ("Lücken", "Gaps"),
    "site-review": ("Prüfstand", "Review status"),
    "site-search": ("Suche", "Search"),
    "site-data": ("Daten (RDF)", "Data (RDF)"),
    "site-footer": ("Aus der Dokumentation der Regionalwerkstätten 2023 zum Sozialraumbudget (IBEB), geschrieben von srbgraph.",
                    "From the documentation of the 2023 regional workshops on the Sozialraumbudget (IBEB), written by srbgraph."),
    "site-language": ("Sprache wählen", "Choose a language"),
    # site: views (paths, gaps, review status) and search
    "site-paths-lead": ("Jeder Pfad von einem Ziel über einen Bedarf oder eine Bremse zu einer Maßnahme: als Baum "
                        "je Ziel und als Tabelle, ein Pfad je Zeile. Daneben die Erfolgsindikatoren und die "
                        "Verbindungen zwischen Zielen.",
                        "Every path from a goal via a need or an obstacle to a measure: as a tree per goal and as "
                        "a table, one path per row. Beside them the success indicators and the links between goals."),
    "site-command": ("Dasselbe auf der Kommandozeile:", "The same on the command line:"),
    "site-legend": ("Zeichen", "Markers"),
    "site-legend-links": ("Jedes Zeichen führt zur Verknüpfungsaussage mit Zitat und Begründung.",
                          "Each marker leads to the link's assertion, with its quote and rationale."),
    "site-review-said": ("Gutachter:innen: {status}", "reviewers: {status}"),
    "site-review-legend-confirmed": ("✓ von Gutachter:innen bestätigt", "✓ confirmed by reviewers"),
    "site-review-legend-rejected": ("✗ von Gutachter:innen abgelehnt", "✗ rejected by reviewers"),
    "site-review-legend-disputed": ("≠ Gutachter:innen uneinig", "≠ reviewers disagree"),
    "site-rejected-left-out": ("{n} [Verknüpfung haben|Verknüpfungen haben] Gutachter:innen abgelehnt; sie "
                               "fehlen in den Pfaden. Sie stehen auf der Seite",
                               "Reviewers rejected {n} [link|links]; they are left out of the paths. They are "
                               "listed on the page"),
    "site-filter": ("Pfade filtern", "Filter the paths"),
    "site-filter-support": ("Stützung", "Support"),
    "site-filter-support-any": ("alle Pfade", "all paths"),
    "site-filter-support-stated": ("nur in jedem Glied genannt (● – {n})", "only stated in every link (● – {n})"),
    "site-filter-goal": ("Ziel", "Goal"),
    "site-filter-goal-any": ("alle Ziele", "all goals"),
    "site-filter-no-goal": ("ohne Ziel", "without a goal"),
    "site-paths-shown": ("{n} von {total} Pfaden gezeigt", "{n} of {total} paths shown"),
    "site-paths-tree": ("Pfade je Ziel (Baum)", "Paths per goal (tree)"),
    "site-paths-table": ("Pfade als Tabelle", "Paths as a table"),
    "site-gaps-lead": ("Die offenen Enden der Pfade: wo ein Pfad vor einer Maßnahme "
                       "endet oder nichts einen Eintrag erreicht. Eine Bremse, für die die Dokumentation keine "
                       "Maßnahme nennt, ist ein Befund, kein Fehler der Daten.",
                       "The open ends of the paths: where a path ends before a "
                       "measure, or nothing reaches an entry. An obstacle for which the documentation names no "
                       "measure is a finding, not a fault of the data."),
    "site-gaps-count": ("{n} [offenes Ende|offene Enden]", "{n} open [end|ends]"),
    "site-finding": ("Befund", "finding"),
    "site-open-end-measures": ("{n} [Maßnahme dient|Maßnahmen dienen] demselben Ziel", "{n} [measure serves|measures "
                               "serve] the same goal"),
    "site-open-end-no-measures": ("Keine Maßnahme dient dem Ziel", "No measure serves the goal"),
    "site-more": ("… und {n} weitere", "… and {n} more"),
    "site-review-lead": ("Wo die Begutachtung der Verknüpfungen durch Fachleute steht.",
                         "Where the experts' review of the links stands."),
    "site-review-counts": ("Verknüpfungen nach Stützung und Stand", "Links by support and status"),
    "site-review-links": ("Alle Verknüpfungen mit ihren Urteilen", "Every link with its verdicts"),
    "site-total": ("Summe", "Total"),
    "site-assertion": ("Verknüpfungsaussage", "Link assertion"),
    "site-search-lead": ("Sucht in den Bezeichnungen (deutsch und englisch), den weiteren Namen und den Zitaten "
                         "jedes Eintrags. Groß- und Kleinschreibung, Umlaute (ae = ä) und Bindestriche zählen "
                         "nicht, wie auf der Kommandozeile.",
                         "Searches the labels (German and English), the other names and the quotes of every "
                         "entry. Case, umlauts (ae = ä) and hyphens do not matter, as on the command line."),
    "site-search-label": ("Suchbegriff", "Search term"),
    "site-search-button": ("Suchen", "Search"),
    "site-search-count": ("{n} [Treffer|Treffer]", "{n} [result|results]"),
    "site-search-none": ("Kein Treffer.", "No result."),
    "site-search-noscript": ("Die Suche braucht JavaScript. Ohne es führen die Pfade, die Lücken und die "
                             "Ontologie zu jedem Eintrag.",
                             "The search needs JavaScript. Without it, the paths, the gaps and the ontology lead "
                             "to every entry."),
    "site-search-in-label": ("Bezeichnung", "label"),
    "site-search-in-alias": ("weiterer Name", "other name"),
    "site-search-in-quote": ("Zitat", "quote"),
    "site-search-section": ("Abschnitt", "section"),
    "site-search-results": ("Ergebnisse", "Results"),
    "site-search-class": ("Klasse der Ontologie", "Class of the ontology"),
    "site-search-property": ("Eigenschaft der Ontologie", "Property of the ontology"),
    "site-search-other": ("Weitere Einträge", "Other entries"),
    # site: sparql in the browser
    "sparql-title": ("SPARQL im Browser", "SPARQL in the browser"),
    "sparql-about": ("Die Abfragen laufen in diesem Browser auf dem ganzen Graphen (Oxigraph als WebAssembly); "
                     "die Seite lädt nichts aus dem Internet und schickt keine Anfrage ab.",
                     "The queries run in this browser on the whole graph (Oxigraph as WebAssembly); "
                     "the page loads nothing from the internet and sends no request."),
    "sparql-loading": ("Graph wird geladen …", "Loading the graph …"),
    "sparql-ready": ("Bereit: {n} Tripel geladen.", "Ready: {n} triples loaded."),
    "sparql-failed": ("Der Graph ließ sich nicht laden:", "The graph could not be loaded:"),
    "sparql-no-wasm": ("Dieser Browser kann die Abfragen nicht ausführen (er braucht WebAssembly und DecompressionStream, "
                       "wie sie Chrome, Edge, Firefox und Safari seit 2023 haben).",
                       "This browser cannot run the queries (it needs WebAssembly and DecompressionStream, as Chrome, "
                       "Edge, Firefox and Safari have them since 2023)."),
    "sparql-any": ("– alle –", "– any –"),
    "sparql-unknown-entity": ("„{value}“ ist kein Eintrag, der hier passt", "“{value}” names no entity that fits here"),
    "sparql-bad-iri": ("keine gültige IRI: {value}", "not a valid IRI: {value}"),
    "sparql-read-only": ("Dieser Graph ist nur zum Lesen da: SPARQL Update geht hier nicht.",
                         "This graph is read-only: SPARQL Update does not run here."),
    "sparql-refused": ("Die Seite schickt keine Anfragen ab:", "The page sends no requests:"),
    # site: the graph page
    "viz-page-link": ("Seite mit allen Angaben", "Page with all the details"),  # in the panel (site only)
    # site: start and entity pages
    "site-figures": ("Verknüpfte Kennzahlen", "Linked figures"),
    "site-in-docs": ("In der Ontologie-Dokumentation", "In the ontology documentation"),
    "site-intro": ("2023 haben vier Regionalwerkstätten (Koblenz, Ingelheim, Trier, Pirmasens; 88 Teilnehmende, "
                   "12 Arbeitsgruppen) festgehalten, was beim Sozialraumbudget der Kitas in Rheinland-Pfalz wirkt, "
                   "was bremst und was zu tun ist. Diese Seiten zeigen, was die Dokumentation dazu sagt: Ziele, Bedarfe, "
                   "Bremsen und Maßnahmen, verbunden zu Pfaden, jede Aussage mit ihrem Zitat und Abschnitt.",
                   "In 2023 four regional workshops (Koblenz, Ingelheim, Trier, Pirmasens; 88 participants, 12 working "
                   "groups) recorded what works for the Sozialraumbudget of day-care centres in Rhineland-Palatinate, what "
                   "hinders and what should be done. These pages show what the documentation says: goals, needs, obstacles "
                   "and measures linked into paths, every statement with its quote and section."),
    "site-search-label": ("Bezeichnung, Synonym oder Wort aus einem Zitat", "Label, alias or a word of a quote"),
    "site-goals": ("Ziele und ihre Pfade", "Goals and their paths"),
    "site-guiding-goal": ("Leitziel", "Guiding goal"),
    "site-action-goals": ("Handlungsziele: Pfade ab dem Ziel und wie viele davon ohne Maßnahme enden",
                          "Action goals: paths from the goal and how many of them end without a measure"),
    "site-open-ends": ("ohne Maßnahme", "without a measure"),
    "site-all-paths": ("Alle Pfade als Baum und Tabelle", "All paths as a tree and a table"),
    "site-gaps-count": ("{n} [Lücke|Lücken]", "{n} [gap|gaps]"),
    "site-most-connected": ("Was die meisten Ziele berührt", "What touches most goals"),
    "site-top-obstacles": ("Bremsen", "Obstacles"),
    "site-top-measures": ("Maßnahmen", "Measures"),
    "site-goals-reached": ("{n} [Ziel|Ziele]", "{n} [goal|goals]"),
    "site-how-to-read": ("So lesen Sie die Zeichen", "How to read the marks"),
    "site-reading-note": ("Jede Verbindung eines Pfads sagt, wie die Quelle sie stützt: ● der Text nennt sie, ○ die Kuration "
                          "liest sie aus dem Text (mit Begründung auf der Seite der Verbindung). ✓ ✗ ? sind die Urteile der "
                          "Gutachter:innen; eine abgelehnte Verbindung zählt in keinem Pfad. Eine Lücke ist ein Befund: die "
                          "Dokumentation nennt dort nichts.",
                          "Every link of a path says how the source supports it: ● the text states it, ○ the curation reads "
                          "it from the text (with its reasons on the link's page). ✓ ✗ ? are the reviewers' verdicts; a "
                          "rejected link counts in no path. A gap is a finding: the documentation names nothing there."),
    "site-data-intro": ("Der ganze Graph als RDF (Turtle, N-Triples, RDF/XML, JSON-LD; mit gzip gepackt, jedes "
                        "RDF-Werkzeug liest sie so) und seine VoID-Beschreibung:",
                        "The whole graph as RDF (Turtle, N-Triples, RDF/XML, JSON-LD; packed with gzip, as every RDF "
                        "tool reads them) and its VoID description:"),
    "site-void": ("was der Datensatz enthält (VoID)", "what the dataset holds (VoID)"),
    "site-data-entities": ("Jede Seite eines Eintrags hat ihre Beschreibung als Turtle daneben: resource/ID.html und "
                           "resource/ID.ttl.",
                           "Every entry's page has its description as Turtle beside it: resource/ID.html and "
                           "resource/ID.ttl."),
    "site-sparql-lead": ("Eigene Abfragen im Browser (SPARQL, ohne Server)", "Your own queries in the browser (SPARQL, no server)"),
    "site-choose": ("Deutsche Fassung öffnen", "Open the English version"),
    "site-contents": ("Inhalt", "Contents"),
    # linked figures in the viz tooltip of a region (render/viz/figures.py)
    "linked-figures": ("Verknüpfte Kennzahlen (linked figures)", "Linked figures (verknüpfte Kennzahlen)"),
    "more-figures": ("+ {n} weitere Kennzahlen", "+ {n} more figures"),
    # kinds of things on a path
    "goal": ("Ziel", "Goal"),
    "need": ("Bedarf", "Need"),
    "obstacle": ("Bremse", "Obstacle"),
    "measure": ("Maßnahme", "Measure"),
    "indicator": ("Erfolgsindikator", "Indicator"),
    "entity": ("Eintrag", "entity"),
    # paths
    "empty-query": ("(keine Zeile: die Abfrage trifft in diesem Graphen nichts)",
                    "(no rows: the query matches nothing in this graph)"),
    "empty-gaps": ("(keine offenen Enden: jeder Pfad reicht vom Ziel bis zu einer Maßnahme)",
                   "(no open ends: every path runs from its goal to a measure)"),
    "empty-rank": ("(nichts zu ordnen: keine Bremse oder Maßnahme liegt auf einem Pfad)",
                   "(nothing to rank: no obstacle or measure lies on a path)"),
    "no-measure": ("(die Dokumentation nennt keine Maßnahme dafür)", "(the documentation names no measure for it)"),
    # beside a path that ends at an obstacle no measure addresses
    "open-end": ("„{label}“ ({kind}): die Dokumentation nennt keine Maßnahme dafür.",
                 "\"{label}\" ({kind}): the documentation names no measure for it."),
    "open-end-said": ("Die Dokumentation dazu", "What the documentation says"),
    "open-end-measures": ("{n} [Maßnahme dient|Maßnahmen dienen] demselben Ziel „{goal}“ (alle: srbgraph paths {id})",
                          "{n} [measure serves|measures serve] the same goal \"{goal}\" (all: srbgraph paths {id})"),
    "open-end-no-measures": ("Dem Ziel „{goal}“ dient keine Maßnahme.", "No measure serves the goal \"{goal}\"."),
    "no-obstacle": ("(keine Bremse genannt)", "(no obstacle named)"),
    "no-stated-measure": ("(keine im Text genannte Maßnahme)", "(no measure stated by the text)"),
    "no-paths": ("keine Pfade gefunden", "no paths found"),
    "empty-entity": ("{kind} „{label}“ [{id}] liegt auf keinem Pfad: kein Ziel, kein Bedarf, keine Bremse und "
                     "keine Maßnahme ist damit verbunden, weil der Text nach der Lesart der Kuration keine solche "
                     "Verbindung nennt – ein Befund, keine fehlende Angabe. Was der Text dazu sagt: "
                     "srbgraph evidence {id}",
                     "{kind} \"{label}\" [{id}] is on no path: no goal, need, obstacle or measure is tied to it, "
                     "because by the curation's reading the documentation names no such tie — a finding, not "
                     "missing data. What the text says about it: srbgraph evidence {id}"),
    "empty-stated": ("Kein Pfad, dessen Glieder der Text selbst nennt; mit der Lesart der Kuration sind es {n} "
                     "(ohne --support stated).",
                     "No path whose links the documentation itself states; with the curation's reading there "
                     "are {n} (without --support stated)."),
    "empty-rejected": ("{n} [Verknüpfung dazu hat|Verknüpfungen dazu haben] Gutachter:innen abgelehnt "
                       "(--include-rejected zeigt sie).",
                       "Reviewers rejected {n} [link|links] here (--include-rejected shows them)."),
    # what a hop leads to, in a path tree (forward: from the goal down; back: from the measure up)
    "to-requires": ("Bedarf", "Need"),
    "to-hinders": ("Bremse", "Obstacle"),
    "to-addresses": ("Maßnahme", "Measure"),
    "to-supports": ("Maßnahme, dient dem Ziel direkt", "Measure serving the goal directly"),
    "to-measuredBy": ("Erfolgsindikator (woran erkennbar)", "Success indicator (how to tell)"),
    "to-contributesTo": ("Handlungsziel, trägt bei", "Action goal contributing"),
    "to-fragmentOf": ("Zielfragment", "Goal fragment"),
    "to-basisFor": ("ist Basis für Ziel", "is the basis for goal"),
    "back-requires": ("ist Bedarf von Ziel", "is a need of goal"),
    "back-hinders": ("bremst", "hinders"),
    "back-addresses": ("setzt an bei Bremse", "addresses obstacle"),
    "back-supports": ("dient direkt dem Ziel", "directly serves the goal"),
    "back-measuredBy": ("zeigt das Ziel an", "indicates the goal"),
    "back-contributesTo": ("trägt bei zum Leitziel", "contributes to the guiding goal"),
    "back-fragmentOf": ("Fragment des Leitziels", "fragment of the guiding goal"),
    "back-basisFor": ("baut auf Ziel", "builds on goal"),
    "kind-need": ("über Bedarf", "via a need"),
    "kind-obstacle": ("über Bremse", "via an obstacle"),
    "kind-direct": ("direkt", "direct"),
    "kind-indicator": ("Erfolgsindikator", "success indicator"),
    "kind-contributesTo": ("Beitrag zum Leitziel", "contribution to the guiding goal"),
    "kind-fragmentOf": ("Fragment des Leitziels", "fragment of the guiding goal"),
    "kind-basisFor": ("Basis für ein Ziel", "basis for a goal"),
    "kind-partial": ("Teilpfad (Anfang nur nach Lesart der Kuration)", "partial path (its start only interpreted)"),
    "path-kind": ("Pfadart", "kind of path"),
    "upper-goal": ("Oberziel", "upper goal"),
    "paths-count": ("{n} [Pfad|Pfade] ab einem Ziel: {need} über einen Bedarf, {obstacle} über eine Bremse, {direct} "
                    "direkt zu einer Maßnahme",
                    "{n} [path|paths] from a goal: {need} via a need, {obstacle} via an obstacle, {direct} directly "
                    "to a measure"),
    "paths-open": ("; {n} davon ohne Maßnahme (Lücken)", "; {n} of them without a measure (gaps)"),
    "paths-open-stated": ("; {n} davon ohne im Text genannte Maßnahme", "; {n} of them without a measure the text states"),
    "paths-no-goal": ("; {n} [Pfad|Pfade] ohne Ziel (Bremse oder Bedarf, die der Text keinem Ziel zuordnet)",
                      "; {n} [path|paths] without a goal (an obstacle or need the text ties to no goal)"),
    "no-goal": ("(kein Ziel genannt)", "(no goal named)"),
    "kind-no-goal": ("ohne Ziel", "without a goal"),
    "paths-partial": ("; {n} [Teilpfad, dessen|Teilpfade, deren] Anfang nur als Lesart mit einem Ziel verbunden ist",
                      "; {n} partial [path whose|paths whose] start is tied to a goal only by a reading"),
    "goal-links-count": ("; dazu {indicators} [Erfolgsindikator|Erfolgsindikatoren] und {links} [Verbindung|Verbindungen] "
                         "zwischen Zielen",
                         "; besides, {indicators} success [indicator|indicators] and {links} [link|links] between goals"),
    # how the source supports a link
    "stated": ("genannt", "stated"),
    "interpreted": ("gelesen", "interpreted"),
    "unknown-support": ("ohne Angabe", "unknown"),
    "support-legend": ("● in der Quelle genannt · ○ Lesart der Kuration",
                       "● stated by the documentation · ○ interpreted by the curation"),
    "support-legend-unknown": (" · ? ohne Angabe zur Stützung", " · ? support unknown"),
    "support-count": ("Stützung aller {total} Pfade: {stated} in jedem Glied genannt (●), {interpreted} mit "
                      "Lesart der Kuration (○)",
                      "support of all {total} paths: {stated} stated in every hop (●), {interpreted} with "
                      "interpreted hops (○)"),
    "support-count-one": ("Stützung des Pfads: {stated} in jedem Glied genannt (●), {interpreted} mit Lesart der "
                          "Kuration (○)",
                          "support of the path: {stated} stated in every hop (●), {interpreted} with interpreted "
                          "hops (○)"),
    "support-count-unknown": (", {n} ohne Angabe (?)", ", {n} unknown (?)"),
    "hop-goals": ("Ziel → Ziel (Oberziel → Ziel)", "goal → goal (upper goal → goal)"),
    "hop-requires": ("erfordert (Ziel → Bedarf)", "requires (goal → need)"),
    "hop-hinders": ("bremst (Bremse → Ziel/Bedarf)", "hinders (obstacle → goal/need)"),
    "hop-addresses": ("setzt an (Maßnahme → Bremse)", "addresses (measure → obstacle)"),
    "hop-supports": ("dient (Maßnahme → Ziel)", "supports (measure → goal)"),
    "hop-measuredBy": ("woran erkennbar (Ziel → Indikator)", "measured by (goal → indicator)"),
    "weakest-support": ("schwächste Stützung", "weakest support"),
    # expert reviews of the links
    "review-requires": ("Urteil: erfordert", "verdict: requires"),
    "review-hinders": ("Urteil: bremst", "verdict: hinders"),
    "review-addresses": ("Urteil: setzt an", "verdict: addresses"),
    "review-goals": ("Urteil: Ziel → Ziel", "verdict: goal → goal"),
    "review-supports": ("Urteil: dient", "verdict: supports"),
    "review-measuredBy": ("Urteil: woran erkennbar", "verdict: measured by"),
    "status-unreviewed": ("ungeprüft", "unreviewed"),
    "status-confirmed": ("bestätigt", "confirmed"),
    "status-rejected": ("abgelehnt", "rejected"),
    "status-disputed": ("uneinig", "disputed"),
    "status-unclear": ("unklar", "unclear"),
    "review-legend-confirmed": ("✓ von Gutachter:innen bestätigt (confirmed)", "✓ confirmed by reviewers"),
    "review-legend-rejected": ("✗ abgelehnt, nur mit --include-rejected gezeigt (rejected)",
                               "✗ rejected by reviewers, shown only with --include-rejected"),
    "review-legend-disputed": ("≠ Gutachter:innen uneinig (disputed)", "≠ reviewers disagree"),
    "rejected-links": ("abgelehnte Verknüpfungen", "rejected links"),
    "closed-by-rejected": ("nur eine abgelehnte Verknüpfung schlösse sie: {links}",
                           "only a rejected link would close it: {links}"),
    # the review round: srbgraph review status
    "review-round": ("Stand der Begutachtung: {n} Verknüpfungen, {reviewed} begutachtet, {open} ungeprüft",
                     "review round: {n} links, {reviewed} reviewed, {open} not yet reviewed"),
    "support": ("Stützung", "support"),
    "reviewers": ("Gutachter:innen", "reviewers"),
    "no-reviewers": ("noch keine Begutachtung", "no reviews yet"),
    "disagreements": ("Uneinigkeiten", "disagreements"),
    "no-disagreements": ("keine Uneinigkeit", "no disagreement"),
    "agreement": ("Übereinstimmung (Cohens Kappa; „unklar“ zählt als eigenes Urteil)",
                  "agreement (Cohen's kappa; \"unclear\" counts as a verdict of its own)"),
    "agreement-line": ("{a} und {b}: {agreed} von {n} gemeinsam begutachteten Verknüpfungen gleich, κ = {kappa}",
                       "{a} and {b}: {agreed} of {n} links both reviewed alike, κ = {kappa}"),
    "kappa-undefined": ("nicht bestimmt (beide gaben stets dasselbe Urteil)",
                        "undefined (both always gave the same single verdict)"),
    "no-agreement": ("keine zwei Gutachter:innen mit gemeinsamen Verknüpfungen",
                     "no two reviewers with links in common"),
    "link": ("Verknüpfung", "link"),
    "from": ("von", "from"),
    "to": ("nach", "to"),
    "status": ("Stand", "status"),
    "verdicts": ("Urteile", "verdicts"),
    "deprecated": ("verworfen", "deprecated"),
    # a name that named a replaced entity (merged into another or renamed): one line on any command
    "replaced-by": ("{old} ist ersetzt durch {new}", "{old} is replaced by {new}"),
    # a name that fits one entry of the kinds a command takes and entries of other kinds: one line
    "also-fits": ("„{name}“: gezeigt wird {chosen}; der Name passt auch zu {others}",
                  "\"{name}\": showing {chosen}; the name also fits {others}"),
    # evidence in context
    "support-of-link": ("Stützung", "support"),
    "rationale": ("Begründung der Kuration", "the curation's rationale"),
    "quote-not-found": ("(steht nicht im Quelltext: srbgraph check-evidence zeigt die nächste Stelle)",
                        "(not in the source text: srbgraph check-evidence shows the closest passage)"),
    "line": ("Zeile", "line"),
    "stated-long": ("in der Quelle genannt", "stated by the documentation"),
    "interpreted-long": ("Lesart der Kuration", "interpreted by the curation"),
    # gaps and ranking
    "gap": ("Lücke", "gap"),
    "id": ("id", "id"),
    "label": ("Bezeichnung", "label"),
    "detail": ("Hinweis", "detail"),
    "kind": ("Art", "kind"),
    "goals": ("Ziele", "goals"),
    "betweenness": ("Betweenness", "betweenness"),
    "degree": ("Grad", "degree"),
    "obstacles-without-measure": ("Bremse ohne Maßnahme", "obstacle with no measure"),
    "goals-without-indicators": ("Ziel ohne Erfolgsindikator", "goal without indicator"),
    "measures-without-path": ("Maßnahme auf keinem Pfad", "measure on no path"),
    "needs-without-obstacle": ("Bedarf ohne Bremse", "need with no obstacle"),
    "obstacles-without-goal": ("Bremse ohne Ziel", "obstacle with no goal"),
    "needs-without-goal": ("Bedarf ohne Ziel", "need no goal requires"),
    "indicators-without-goal": ("Erfolgsindikator ohne Ziel", "indicator without goal"),
    # the list of named queries
    "name": ("Name", "name"),
    "title": ("Titel", "title"),
    "parameters": ("Parameter", "parameters"),
    # statistics
    "class": ("Klasse", "class"),
    "relation": ("Beziehung", "relation"),
    # the relations between path entities, as the ontology labels them (rdfs:label@de / @en)
    "rel-requires": ("erfordert", "requires"),
    "rel-hinders": ("bremst", "hinders"),
    "rel-addresses": ("setzt an bei", "addresses"),
    "rel-supports": ("unterstützt", "supports"),
    "rel-measuredBy": ("wird gemessen an", "measured by"),
    "rel-contributesTo": ("trägt bei zu", "contributes to"),
    "rel-basisFor": ("ist Basis für", "is the basis for"),
    "rel-fragmentOf": ("ist Zielfragment von", "fragment of"),
    "count": ("Anzahl", "count"),
    "triples": ("{n} Tripel", "{n} triples"),
    # the pages of `srbgraph serve` (one language per page: srbgraph.server.pages shows each word in
    # the page's language alone)
    "workbench-title": ("srbgraph – Abfrage-Werkbank", "srbgraph query workbench"),
    "named-queries": ("Benannte Abfragen", "named queries"),
    "filter": ("Filtern", "filter"),
    "bind-and-run": ("Einsetzen und ausführen", "bind and run"),
    "share-link": ("Link teilen", "share link"),
    "shared-query": ("Eine geteilte Abfrage: prüfen Sie sie und führen Sie sie selbst aus (▶).",
                     "A shared query: read it, then run it yourself (▶)."),
    "no-parameters": ("Diese Abfrage hat keine Parameter.", "This query has no parameters."),
    # the answer of an ASK query (srbgraph query), in a table or Markdown view
    "answer-true": ("ja", "yes"),
    "answer-false": ("nein", "no"),
    "binding": ("Die Werte werden eingesetzt …", "binding the values …"),
    "unknown-query": ("keine benannte Abfrage {name}", "no named query {name}"),
    "terms-failed": ("Die Begriffe für die Vervollständigung fehlen:", "the terms for completion are missing:"),
    "table": ("Tabelle", "table"),
    "previous": ("zurück", "previous"),
    "next": ("weiter", "next"),
    "page-of": ("Seite {page} von {pages} · {rows} Zeilen", "page {page} of {pages} · {rows} rows"),
    "sort-hint": ("Ein Klick sortiert", "click to sort"),
    "download": ("als CSV herunterladen", "download as CSV"),
    "interactive-graph": ("Interaktiver Graph", "interactive graph"),
    "service-description": ("Dienstbeschreibung", "service description"),
    "dataset-description": ("Datensatzbeschreibung", "dataset description"),
    "offline": ("Alles kommt von diesem Server; die Seite lädt nichts aus dem Internet.",
                "Everything comes from this server; the page loads nothing from the internet."),
    "limits": ("Zeitlimit {t} s, höchstens {rows_de} Zeilen", "time limit {t} s, at most {rows_en} rows"),
    "type-entity": ("Eintrag: id oder Bezeichnung", "entity: id or label"),
    "type-iri": ("IRI oder Präfixname", "IRI or prefixed name"),
    "type-string": ("Text", "text"),
    "type-integer": ("ganze Zahl", "whole number"),
    "type-lang": ("Sprache", "language"),
    "type-support": ("Stützung", "support"),
    "tab-name": ("Abfrage", "Query"),  # the name of a new tab of the workbench
    "run-failed": ("Die Abfrage ist fehlgeschlagen; das vorige Ergebnis ist entfernt.",
                   "The query failed; the previous result is cleared."),
    "bind-failed": ("Die Werte ließen sich nicht einsetzen:", "The values could not be bound:"),
    "literal-language": ("Sprache", "language"),
    "literal-datatype": ("Datentyp", "datatype"),
    "query-editor": ("SPARQL-Abfrage", "SPARQL query"),
    "query-loaded": ("Abfrage „{title}“ im Editor: Werte eintragen, dann „Einsetzen und ausführen“.",
                     "Query \"{title}\" is in the editor: fill in the values, then \"Bind and run\"."),
    "note": ("Anmerkung der Kuration", "curators' note"),
    "error-no-named-query": ("keine benannte Abfrage {name}", "no named query {name}"),
    "error-too-many-parameters": ("höchstens {n} Parameter mit je höchstens {chars} Zeichen",
                                  "at most {n} parameters of at most {chars} characters"),
    "error-no-parameter": ("Die Abfrage „{query}“ hat keinen Parameter „{name}“ (ihre Parameter: {known})",
                           "query '{query}' has no parameter '{name}' (its parameters: {known})"),
    "error-whole-number": ("Parameter „{name}“ muss eine ganze Zahl sein, nicht {value}",
                           "parameter '{name}' must be a whole number, got {value}"),
    "error-lang": ("Parameter „{name}“ muss de oder en sein, nicht {value}",
                   "parameter '{name}' must be de or en, got {value}"),
    "error-support": ("Parameter „{name}“ muss {choices} sein, nicht {value}",
                      "parameter '{name}' must be {choices}, got {value}"),
    "error-iri": ("keine IRI, kein Präfixname und keine id: {value}", "not an IRI, prefixed name or id: {value}"),
    # the page of one IRI (/resource/…, /ontology/…)
    "definition": ("Definition", "definition"),
    "evidence": ("Belege", "evidence"),
    "section": ("Abschnitt", "section"),
    "outgoing": ("Verknüpfungen von hier", "links from here"),
    "incoming": ("Verknüpfungen hierher", "links to here"),
    "statements": ("Weitere Angaben", "further statements"),
    "paths-through": ("Pfade Ziel → Maßnahme durch diesen Eintrag", "goal → measure paths through it"),
    "show-in-graph": ("Im Graphen zeigen", "show in the graph"),
    "as-rdf": ("Als RDF", "as RDF"),
    "link-rejected": ("abgelehnt: nicht mehr im Graphen", "rejected: no longer in the graph"),
    "more": ("… und {n} weitere", "… and {n} more"),
    "incoming-cut": ("Die ersten {n} Verknüpfungen hierher; die übrigen zeigt eine Abfrage.",
                     "The first {n} links to here; a query shows the others."),
    "workbench": ("Abfrage-Werkbank", "query workbench"),
    "not-found": ("Nicht gefunden", "not found"),
    "unknown-iri": ("Diesen Eintrag kennt der Graph nicht: {name}", "The graph does not know {name}"),
    "did-you-mean": ("Meinten Sie", "Did you mean"),
    "replaces": ("ersetzt", "replaces"),
    "formerly": ("früher", "formerly"),
    "replaced-by-page": ("ersetzt durch (verworfen; die Adresse führt dorthin)",
                         "replaced by (deprecated; the address leads there)"),
    "in-other-language": ("English", "Deutsch"),
    # the interactive graph page of `srbgraph viz` (keys after "viz-"; see render.viz.style.WORDS)
    "viz-title": ("SRB-Wissensgraph", "SRB knowledge graph"),
    "viz-whole": ("ganzer Graph", "whole graph"),
    "viz-focus": ("Umgebung von {label} (Tiefe {depth})", "neighbourhood of {label} (depth {depth})"),
    "viz-paths": ("Ziel → Bedarf → Bremse → Maßnahme", "goal → need → obstacle → measure"),
    "viz-nodes": ("Knoten", "nodes"),
    "viz-edges": ("Kanten", "edges"),
    "viz-search": ("Knoten suchen …", "Find a node …"),
    "viz-results": ("Treffer", "Matches"),
    "viz-reset": ("Alles zeigen", "Show all"),
    "viz-classes": ("Klassen", "Classes"),
    "viz-relations": ("Beziehungen", "Relations"),
    "viz-chain": ("Kette (Pfad)", "chain (path)"),
    "viz-more": ("+ {n} weitere Belege", "+ {n} more quotes"),
    "viz-hint": ("Klick: Einzelheiten und Nachbarschaft · Mausrad: Zoom · Ziehen: verschieben · "
                 "die Ansicht steht in der Adresse (Lesezeichen, Link)",
                 "click: details and neighbourhood · wheel: zoom · drag: pan · "
                 "the view is kept in the address (bookmark, link)"),
    "viz-notfound": ("nichts gefunden", "nothing found"),
    "viz-details": ("Einzelheiten", "Details"),
    "viz-empty": ("Klicken Sie auf einen Knoten oder eine Verbindung (oder suchen Sie einen Knoten), "
                  "um hier Bezeichnung, Klasse, Definition, Belege und Verbindungen zu sehen.",
                  "Click a node or a link (or find a node) to see its label, class, definition, "
                  "quotes and links here."),
    "viz-definition": ("Definition", "Definition"),
    "viz-evidence": ("Belege", "Evidence"),
    "viz-no-evidence": ("keine Belege", "no quotes"),
    "viz-links": ("Verbindungen", "Links"),
    "viz-no-links": ("keine Verbindungen", "no links"),
    "viz-outside": ("nicht in dieser Ansicht", "not in this view"),
    "viz-outside-more": ("+ {n} weitere Verbindungen außerhalb dieser Ansicht", "+ {n} more links outside this view"),
    "viz-show-link": ("Verbindung zeigen", "show the link"),
    "viz-link": ("Verbindung", "Link"),
    "viz-support": ("Stützung durch die Quelle", "Support by the source"),
    "viz-context": ("ohne Stützungsangabe (Kontext-Verbindung)", "no support given (context link)"),
    "viz-rejected": ("von der Begutachtung abgelehnt", "rejected by review"),
    "viz-reviews": ("Begutachtungen", "Reviews"),
    "viz-no-reviews": ("noch nicht begutachtet", "not reviewed yet"),
    "viz-filters": ("Filter", "Filters"),
    "viz-theme": ("Themenschwerpunkt", "Theme"),
    "viz-workshop": ("Workshoptagung", "Workshop"),
    "viz-all": ("alle", "all"),
    "viz-mode": ("Was nicht passt:", "What does not match:"),
    "viz-dim": ("abblenden", "dim"),
    "viz-hide": ("ausblenden", "hide"),
    "viz-focus-label": ("Fokus", "Focus"),
    "viz-focus-none": ("Knoten wählen, dann − / +", "pick a node, then − / +"),
    "viz-focus-depth": ("{label}, Tiefe {depth}", "{label}, depth {depth}"),
    "viz-less": ("eine Stufe weniger", "one step less"),
    "viz-deeper": ("eine Stufe mehr", "one step more"),
    "viz-focus-off": ("Fokus aufheben", "end the focus"),
    "viz-depth-limit": ("diese Datei reicht bis Tiefe {n} (srbgraph viz --focus … --depth {m})",
                        "this file reaches depth {n} (srbgraph viz --focus … --depth {m})"),
    "viz-paths-through": ("nur Pfade durch diesen Knoten", "only the paths through this node"),
    "viz-png": ("Als PNG speichern", "Save as PNG"),
    "viz-legend-support": ("Stützung der Pfad-Verbindungen", "Support of path links"),
    "viz-dash-note": ("In dieser großen Ansicht sind gelesene Verbindungen dünn und blass; gestrichelt werden sie, "
                      "sobald höchstens {n} davon zu sehen sind (Auswahl, Fokus oder Filter).",
                      "In this large view interpreted links are thin and pale; they are dashed as soon as at most "
                      "{n} of them are in view (selection, focus or filter)."),
    "viz-shown": ("{n} von {total} Knoten passen", "{n} of {total} nodes match"),
    "viz-focus-marker": ("◎ FOKUS", "◎ FOCUS"),
    "viz-list": ("Knoten dieser Ansicht", "Nodes of this view"),
    "viz-list-focus": ("Fokus", "Focus"),
    "viz-list-depth": ("Abstand {n} vom Fokus", "distance {n} from the focus"),
    "viz-switch": ("zeigen: {name}", "show: {name}"),
    # the static pages of srbgraph docs (render/docs.py)
    "docs-ontology": ("Ontologie", "Ontology"),
    "docs-catalogue": ("Datenkatalog", "Data catalogue"),
    "docs-catalogue-title": ("srbgraph – Datenkatalog", "srbgraph – data catalogue"),
    "docs-counts": ("{triples} Tripel · {individuals} Individuen (ohne Belege: {without})",
                    "{triples} triples · {individuals} individuals (without evidence: {without})"),
    "docs-classes": ("Individuen je Klasse", "Individuals per class"),
    "docs-paths": ("Pfade Ziel → Maßnahme ({n})", "Goal → measure paths ({n})"),
    "docs-indicators": ("Erfolgsindikatoren ({n})", "Success indicators ({n})"),
    "docs-rank": ("Rang", "rank"),
    "docs-most-important": ("wichtigster", "most important"),
    "docs-yes": ("ja", "yes"),
    "docs-working-group": ("Arbeitsgruppe", "working group"),
    "docs-replaced": ("Ersetzte Einträge ({n})", "Replaced entities ({n})"),
    "docs-replaced-note": ("Zusammengeführt oder umbenannt; jede Suche nach der alten Kennung führt zum Nachfolger.",
                           "Merged or renamed; every look-up of the old id leads to the successor."),
    "docs-old-id": ("alte id", "old id"),
    "docs-replaced-by": ("ersetzt durch", "replaced by"),
    "docs-successor": ("Nachfolger", "successor"),
    "docs-onto-classes": ("Klassen", "Classes"),
    "docs-onto-object": ("Beziehungen", "Object properties"),
    "docs-onto-datatype": ("Werte", "Datatype properties"),
    "docs-axioms": ("Axiome", "axioms"),
    "docs-licence": ("Lizenz", "licence"),
    "docs-version": ("Version", "version"),
    "docs-german-own": ("pyLODE schreibt nur englische Seiten; die deutsche Ontologieseite schreibt srbgraph selbst.",
                        "pyLODE writes English pages only; srbgraph writes the German ontology page itself."),

    "candidate-rank": ("Rang", "rank"),
    "candidate-score": ("Wert", "score"),
    "candidate-first": ("Eintrag 1", "entity 1"),
    "candidate-first-kind": ("Art 1", "kind 1"),
    "candidate-relation": ("mögliche Beziehung", "possible relation"),
    "candidate-second": ("Eintrag 2", "entity 2"),
    "candidate-second-kind": ("Art 2", "kind 2"),
    "candidate-cue": ("Signalwort", "cue word"),
    "candidate-passage": ("Textstelle", "passage"),
    "candidates-count": ("{n} [Kandidat|Kandidaten]: Textstellen, die zwei Einträge nennen, die keine Verknüpfung "
                         "verbindet ({passages} [Textstelle|Textstellen], {entities} [Eintrag|Einträge] durchsucht)",
                         "{n} [candidate|candidates]: passages naming two entities that no link connects ({passages} "
                         "[passage|passages], {entities} [entity|entities] searched)"),
    "candidates-shown": ("; die ersten {shown} gezeigt (--limit)", "; the first {shown} shown (--limit)"),
}


def word(key: str, lang: str = "de", **values) -> str:
    """The word *key* in *lang*, with ``{name}`` placeholders filled from *values*; ``[one|many]``
    after a placeholder picks the singular or the plural by that number (``{n} [Pfad|Pfade]``)."""
    de, en = WORDS[key]
    text = en if lang == "en" else de
    if not values:
        return text
    if "[" in text:
        text = _PLURAL.sub(lambda m: m.group(1) + (m.group(3) if values.get(m.group(2)) == 1 else m.group(4)), text)
    return text.format(**values)


#: a count and its noun: ``{n} [Pfad|Pfade]`` (the noun's singular when n is 1)
_PLURAL = __import__("re").compile(r"(\{(\w+)\}[^\[{]*?)\[([^|\]]*)\|([^\]]*)\]")


def also_fits(found, lang: str = "de") -> str:
    """The line for a name that fits other entries beside the one shown
    (:class:`~srbgraph.model.entities.AlsoFits`): each with its id, kind and label."""
    others = "; ".join(f"{local} ({kind}: {label})" if label else f"{local} ({kind})"
                       for local, kind, label in ((iri.rsplit("/", 1)[-1], kind, label)
                                                  for iri, kind, label in found.others))
    return word("also-fits", lang, name=found.name, chosen=found.chosen_id, others=others)


def other(lang: str) -> str:
    """The other language: en for de, de for en."""
    return "de" if lang == "en" else "en"


def pick(lang: str, german: str, english: str) -> str:
    """Of a German and an English text, the one in *lang*, else the other one."""
    first, second = (english, german) if lang == "en" else (german, english)
    return first or second
