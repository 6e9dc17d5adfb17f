"""Shared funding machinery: calls, workflow, protocol numbers, budgets."""
