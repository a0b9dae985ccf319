"""Modal dialogs: confirmations, pickers, exports, imports, help."""
