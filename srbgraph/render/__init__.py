"""Views for people: tables, path trees, evidence in context, the interactive graph, static docs,
exports; every German and English word in :mod:`.i18n`."""
