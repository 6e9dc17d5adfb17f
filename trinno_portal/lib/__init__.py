"""Pure helpers shared by every app: PDF rendering, e-mail, spreadsheets."""
