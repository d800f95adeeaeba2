//! Where a key is in the scenario file: dotted key paths ↔ line and column.
//!
//! Validation speaks in key paths (`stage[2].counters`); this map turns them into
//! `file:line:col` for the user, and turns a parser's byte offset back into a key.

use std::ops::Range;

use toml_edit::{Document, Item, Table, Value};

/// One step of a key path: a table key or an array index.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Splits `a.b[2].c` into steps.
fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            out.push(Step::Key(rest[..open].to_string()));
            rest = &rest[open..];
            while let Some(close) = rest.find(']') {
                if let Ok(i) = rest[1..close].parse() {
                    out.push(Step::Index(i));
                }
                rest = &rest[close + 1..];
                if !rest.starts_with('[') {
                    break;
                }
            }
        } else {
            out.push(Step::Key(rest.to_string()));
        }
    }
    out
}

/// The parsed text of a scenario file, kept to locate keys.
pub struct SourceMap {
    text: String,
    doc: Option<Document<String>>,
}

/// A node while walking the document.
#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a Table),
    Item(&'a Item),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn span(self) -> Option<Range<usize>> {
        match self {
            Node::Table(t) => t.span(),
            Node::Item(i) => i.span(),
            Node::Value(v) => v.span(),
        }
    }

    /// Where a node without a span of its own starts: its first table's header
    /// (arrays of tables) or its first key (implicit tables such as `[lanes]`).
    fn first_start(self) -> Option<usize> {
        match self {
            Node::Item(Item::ArrayOfTables(a)) => a.iter().filter_map(|t| t.span()).map(|s| s.start).min(),
            Node::Table(t) | Node::Item(Item::Table(t)) => t
                .iter()
                .filter_map(|(k, _)| t.get_key_value(k))
                .filter_map(|(k, it)| {
                    k.span().or_else(|| it.span()).or_else(|| Node::Item(it).first_start().map(|s| s..s))
                })
                .map(|s| s.start)
                .min(),
            _ => None,
        }
    }

    /// The child at `step` with the span of its key (or of itself, for an index).
    fn child(self, step: &Step) -> Option<(Option<Range<usize>>, Node<'a>)> {
        match (self, step) {
            (Node::Table(t), Step::Key(k)) => t.get_key_value(k).map(|(key, it)| (key.span(), Node::Item(it))),
            (Node::Item(Item::Table(t)), Step::Key(_)) => Node::Table(t).child(step),
            (Node::Item(Item::Value(v)), _) => Node::Value(v).child(step),
            (Node::Value(Value::InlineTable(t)), Step::Key(k)) => {
                t.get_key_value(k).map(|(key, it)| (key.span(), Node::Item(it)))
            }
            (Node::Item(Item::ArrayOfTables(a)), Step::Index(i)) => a.get(*i).map(|t| (t.span(), Node::Table(t))),
            (Node::Value(Value::Array(a)), Step::Index(i)) => a.get(*i).map(|v| (v.span(), Node::Value(v))),
            _ => None,
        }
    }
}

impl SourceMap {
    /// Parses `text` for locating keys; a text that does not parse locates nothing.
    pub fn new(text: &str) -> Self {
        Self { text: text.to_string(), doc: Document::parse(text.to_string()).ok() }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// The span of the deepest part of `path` that is written in the file: the key
    /// itself where written, else its nearest written parent. `None` when nothing of
    /// it is written (a default).
    pub fn span_of(&self, path: &str) -> Option<Range<usize>> {
        let doc = self.doc.as_ref()?;
        let mut node = Node::Item(doc.as_item());
        let mut best: Option<Range<usize>> = None;
        for step in steps(path) {
            let Some((span, child)) = node.child(&step) else { break };
            best = span.or_else(|| child.span()).or(best);
            node = child;
        }
        best
    }

    /// The dotted key path of the innermost key whose entry contains `offset`, for
    /// parser errors that know only where they happened.
    pub fn path_at(&self, offset: usize) -> Option<String> {
        let doc = self.doc.as_ref()?;
        let mut path = String::new();
        let mut node = Node::Item(doc.as_item());
        'descend: loop {
            let children: Vec<(String, Option<Range<usize>>, Node)> = match node {
                Node::Table(t) | Node::Item(Item::Table(t)) => t
                    .iter()
                    .filter_map(|(k, _)| t.get_key_value(k))
                    .map(|(k, it)| (k.get().to_string(), k.span(), Node::Item(it)))
                    .collect(),
                Node::Item(Item::Value(Value::InlineTable(t))) | Node::Value(Value::InlineTable(t)) => t
                    .iter()
                    .filter_map(|(k, _)| t.get_key_value(k))
                    .map(|(k, it)| (k.get().to_string(), k.span(), Node::Item(it)))
                    .collect(),
                Node::Item(Item::ArrayOfTables(a)) => {
                    a.iter().enumerate().map(|(i, t)| (format!("[{i}]"), t.span(), Node::Table(t))).collect()
                }
                Node::Item(Item::Value(Value::Array(a))) | Node::Value(Value::Array(a)) => {
                    a.iter().enumerate().map(|(i, v)| (format!("[{i}]"), v.span(), Node::Value(v))).collect()
                }
                _ => Vec::new(),
            };
            // The child whose key or value covers the offset, else the last table starting before it.
            let mut pick = None;
            for (name, key_span, child) in children {
                let start = key_span.clone().or_else(|| child.span()).map(|s| s.start).or_else(|| child.first_start());
                let end = child.span().or(key_span).map(|s| s.end);
                if let (Some(start), Some(end)) = (start, end)
                    && start <= offset
                    && offset <= end
                {
                    pick = Some((name, child));
                    break;
                }
                if let Node::Item(Item::Table(_) | Item::ArrayOfTables(_)) | Node::Table(_) = child
                    && start.is_some_and(|s| s <= offset)
                {
                    pick = Some((name, child));
                }
            }
            match pick {
                Some((name, child)) => {
                    if !name.starts_with('[') && !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&name);
                    node = child;
                }
                None => break 'descend,
            }
        }
        (!path.is_empty()).then_some(path)
    }

    /// `line:col` of a key path, when it (or a parent) is written in the file.
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        self.span_of(path).map(|s| self.line_col(s.start))
    }
}
