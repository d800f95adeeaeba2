//! Named policies (docs/model.md §5): a `[[policy]]` overrides scenario keys by their
//! dotted path, e.g. `set = { "booking.release.time" = "00:00" }`, and is validated
//! exactly like the base. The same overrides serve sweep points (`--set`);
//! `scenario::load` applies them to the base's resolved table. `[scenario]` keys
//! (horizon, warm-up, dates, seed, replications, name) cannot be overridden: every
//! variant of a comparison must pair with the base.

use serde::{Deserialize, Serialize};

use super::message::Msg;

/// A `[[policy]]` entry as written.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The description in Bahasa Indonesia, for `--lang id` (the English one if empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_id: String,
    /// Overrides: dotted key path → new value. Arrays of tables are indexed by
    /// position (`stage[2].counters`) or by their `name` (`stage.biometrics.counters`).
    #[serde(default)]
    pub set: toml::Table,
}

/// One step of an override path.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Result<Vec<Step<'_>>, Msg> {
    let at = || path.to_string();
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if key.is_empty() && rest.is_empty() {
            return Err(Msg::KeyPathEmptyPart { path: at() });
        }
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']').ok_or_else(|| Msg::KeyPathUnclosed { path: at() })?;
            let index = inner[..close]
                .parse()
                .map_err(|_| Msg::KeyPathNotAnIndex { path: at(), index: inner[..close].to_string() })?;
            out.push(Step::Index(index));
            rest = &inner[close + 1..];
        }
        if !rest.is_empty() {
            return Err(Msg::KeyPathUnexpected { path: at(), rest: rest.to_string() });
        }
    }
    Ok(out)
}

/// Sets `path` to `value` in `table`, creating tables on the way. Whether the key
/// exists in the scenario format is checked afterwards, when the result is validated.
pub fn set_path(table: &mut toml::Table, path: &str, value: toml::Value) -> Result<(), Msg> {
    let at = || path.to_string();
    let steps = steps(path)?;
    let mut node = Node::Table(table);
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        node = match (node, step) {
            (Node::Table(t), Step::Key(k)) if last => {
                t.insert((*k).to_string(), value);
                return Ok(());
            }
            (Node::Table(t), Step::Key(k)) => {
                let entry = t.entry((*k).to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
                Node::Value(entry)
            }
            (Node::Value(toml::Value::Table(t)), Step::Key(k)) if last => {
                t.insert((*k).to_string(), value);
                return Ok(());
            }
            (Node::Value(toml::Value::Table(t)), Step::Key(k)) => {
                Node::Value(t.entry((*k).to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new())))
            }
            (Node::Value(toml::Value::Array(a)), Step::Key(name)) => {
                // An array of named tables: pick the element called `name`.
                let found = a.iter_mut().find(|v| v.get("name").and_then(|n| n.as_str()) == Some(name));
                let found = found.ok_or_else(|| Msg::KeyPathNoElement { path: at(), name: name.to_string() })?;
                Node::Value(found)
            }
            (Node::Value(toml::Value::Array(a)), Step::Index(ix)) => {
                let len = a.len();
                let slot = a.get_mut(*ix).ok_or_else(|| Msg::KeyPathPastEnd { path: at(), index: *ix, len })?;
                if last {
                    *slot = value;
                    return Ok(());
                }
                Node::Value(slot)
            }
            _ => return Err(Msg::KeyPathNotSettable { path: at() }),
        };
    }
    Err(Msg::KeyPathEmpty { path: at() })
}

enum Node<'a> {
    Table(&'a mut toml::Table),
    Value(&'a mut toml::Value),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn sets_nested_keys_indices_and_named_elements() {
        let mut t = table(
            "[booking]\nrelease = { kind = \"weekly\", time = \"14:00\" }\n[[stage]]\nname = \"a\"\ncounters = 1\n[[stage]]\nname = \"b\"\ncounters = 6\n",
        );
        set_path(&mut t, "booking.release.time", "00:00".into()).unwrap();
        set_path(&mut t, "stage.b.counters", 7.into()).unwrap();
        set_path(&mut t, "stage[0].counters", 2.into()).unwrap();
        set_path(&mut t, "demand.weekly_applicants", 900.into()).unwrap();
        assert_eq!(t["booking"]["release"]["time"].as_str(), Some("00:00"));
        assert_eq!(t["stage"][1]["counters"].as_integer(), Some(7));
        assert_eq!(t["stage"][0]["counters"].as_integer(), Some(2));
        assert_eq!(t["demand"]["weekly_applicants"].as_integer(), Some(900));
    }

    #[test]
    fn bad_paths_are_explained() {
        let mut t = table("[[stage]]\nname = \"a\"\n");
        assert!(
            set_path(&mut t, "stage.zzz.counters", 1.into()).unwrap_err().english().contains("no element named `zzz`")
        );
        assert!(set_path(&mut t, "stage[5].counters", 1.into()).unwrap_err().english().contains("past the end"));
        assert!(set_path(&mut t, "a..b", 1.into()).is_err());
    }
}
