"""The applicant's journey every scheme shares: the wizard over the scheme's steps, the
documents step, review and submission, the application's page, withdrawal, the answer
to a request for information and the receipt. A scheme describes its part in
Scheme.journey (funding/schemes.py); docs/architecture.md walks through it."""
