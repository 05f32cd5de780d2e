"""Translation review by bilingual volunteers: a spreadsheet per language (kit), corrections read back
into the catalog (importer), who reviewed what (records), where each string appears (screens)."""
