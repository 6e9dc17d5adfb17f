"""Security of the portal: response headers, login lockout, two-factor authentication
for the back office, password rules and system checks (docs/security.md)."""
