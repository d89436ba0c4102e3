"""The demo: a home page and an about page. Delete it when your own pages take its place
(docs/development.md, The demo app); the site keeps working without it."""
