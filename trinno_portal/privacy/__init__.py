"""Personal data (GDPR): export as JSON, erasure by anonymisation, retention of
abandoned drafts, and the privacy notice. No models of its own."""
