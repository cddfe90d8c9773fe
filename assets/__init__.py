"""Shipped assets (zone shapes, fonts). A package only so that they install as package data."""
