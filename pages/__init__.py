"""The demo: a home page and an about page. Delete it when your own pages take its place
(docs/making-it-yours.md); the site keeps working without it."""
