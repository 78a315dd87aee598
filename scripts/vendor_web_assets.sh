#!/usr/bin/env bash
# Refresh the browser libraries vendored under api/static/vendor/ from npm (run by hand when
# upgrading; `make run` and `make test` never need npm). Each library keeps its licence file.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=api/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
packages=(react@18.2.0 react-dom@18.2.0 graphiql@3.8.3 @graphiql/plugin-explorer@1.0.2 cytoscape@3.35.0)
(cd "$work" && npm pack --silent "${packages[@]}" >/dev/null)
unpack() { mkdir -p "$work/$1" && tar xzf "$work/$2" -C "$work/$1"; }
unpack react react-18.2.0.tgz
unpack react-dom react-dom-18.2.0.tgz
unpack graphiql graphiql-3.8.3.tgz
unpack explorer graphiql-plugin-explorer-1.0.2.tgz
unpack cytoscape cytoscape-3.35.0.tgz
rm -rf "$dest"/{react,graphiql,graphiql-plugin-explorer,cytoscape} "$dest/SHA256SUMS"  # README.md stays
mkdir -p "$dest"/{react,graphiql,graphiql-plugin-explorer,cytoscape}
cp "$work/react/package/umd/react.production.min.js" "$dest/react/"
cp "$work/react-dom/package/umd/react-dom.production.min.js" "$dest/react/"
cp "$work/react/package/LICENSE" "$dest/react/LICENSE"
cp "$work/graphiql/package/graphiql.min.js" "$work/graphiql/package/graphiql.min.css" "$dest/graphiql/"
cp "$work/graphiql/package/LICENSE" "$dest/graphiql/LICENSE"
# The plugin's package ships no LICENSE file; it is MIT (package.json), from the same repository
# (github.com/graphql/graphiql) as GraphiQL, so it carries that repository's licence text.
cp "$work/explorer/package/dist/index.umd.js" "$dest/graphiql-plugin-explorer/explorer.umd.js"
cp "$work/explorer/package/dist/style.css" "$dest/graphiql-plugin-explorer/explorer.css"
cp "$work/graphiql/package/LICENSE" "$dest/graphiql-plugin-explorer/LICENSE"
cp "$work/cytoscape/package/dist/cytoscape.min.js" "$dest/cytoscape/"
cp "$work/cytoscape/package/LICENSE" "$dest/cytoscape/LICENSE"
# No source maps: browsers would fetch them only with the developer tools open.
sed -i -e "/^\/\/# sourceMappingURL=/d" -e "s@/\*# sourceMappingURL=[^*]*\*/@@" "$dest"/*/*.js "$dest"/*/*.css
find "$dest" -name '*.js' -o -name '*.css' | sort | xargs sha256sum | sed "s#$dest/##" > "$dest/SHA256SUMS"
echo "vendored into $dest:" && du -sh "$dest"/*
