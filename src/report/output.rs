//! The run folder, written atomically: everything goes into a hidden staging folder
//! beside the destination, which replaces the destination only when complete. A run
//! that fails or is killed leaves the previous folder as it was.
//!
//! Only a folder quotasim wrote is replaced: one holding the `run.json` (or, for
//! `optimise`, the `optimise.json`) quotasim writes into every folder, or an empty
//! one. Any other folder is refused unless the user says `--force`, and a folder that
//! holds an input of the command (a scenario, a shard being merged) or the current
//! folder is never replaced. A symbolic link is followed: the folder it names is
//! replaced, the link stays. The commit moves the previous folder aside, then puts
//! the new one in its place; a process killed between the two renames leaves the
//! previous folder under `.NAME.old-PID`, which the next write to the same place
//! puts back (or removes, if the new folder did reach its place).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Set to anything, the commit aborts the process between its two renames (for the
/// tests of the recovery).
pub const FAULT_COMMIT_ENV: &str = "QUOTASIM_FAULT_ABORT_IN_COMMIT";

/// The files whose `quotasim_version` marks a folder as one quotasim wrote.
const MARKERS: [&str; 2] = ["run.json", "optimise.json"];

/// Why the output folder could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The file system refused.
    #[error("{path}: {action}: {source}")]
    Io { path: PathBuf, action: &'static str, source: io::Error },
    /// `--out` names a place quotasim must not replace (exit 2, nothing written).
    #[error("--out {path}: {why}")]
    Refused { path: PathBuf, why: String },
}

impl OutputError {
    /// The message of a failed [`RunFolder::prepare`], as the user reads it.
    pub fn said(&self) -> String {
        match self {
            OutputError::Io { .. } => format!("cannot write the run folder: {self}"),
            OutputError::Refused { .. } => self.to_string(),
        }
    }
}

fn err<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io { path: path.to_path_buf(), action, source }
}

/// What a write may replace: with `force`, a folder quotasim did not write; never a
/// folder holding one of `inputs` (the files and folders the command reads).
#[derive(Clone, Copy, Debug, Default)]
pub struct Replace<'a> {
    pub force: bool,
    pub inputs: &'a [PathBuf],
}

/// Whether the process `pid` is gone (so its leftovers may be cleared).
fn gone(pid: u32) -> bool {
    pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
}

/// The folders `.{name}.{kind}-PID` in `parent` left by processes that are gone.
fn leftovers(parent: &Path, name: &str, kind: &str) -> Vec<PathBuf> {
    let prefix = format!(".{name}.{kind}-");
    let Ok(entries) = fs::read_dir(parent) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            file.strip_prefix(&prefix).and_then(|p| p.parse::<u32>().ok()).is_some_and(gone)
        })
        .map(|entry| entry.path())
        .collect();
    found.sort();
    found
}

/// Removes staging folders of `name` left by runs that were killed, so that killed
/// runs do not pile up, and finishes a commit that was killed between its renames:
/// the previous folder, moved aside, goes back in place if nothing took its place,
/// else (the new folder got there) it is removed.
fn clear_leftovers(parent: &Path, name: &str, destination: &Path) {
    for staging in leftovers(parent, name, "partial") {
        let _ = fs::remove_dir_all(staging);
    }
    for old in leftovers(parent, name, "old") {
        if fs::symlink_metadata(destination).is_err() {
            let _ = fs::rename(&old, destination);
        } else {
            let _ = fs::remove_dir_all(&old);
        }
    }
}

/// Whether `dir` is a folder quotasim wrote (its run.json or optimise.json says so).
fn written_by_quotasim(dir: &Path) -> bool {
    MARKERS.iter().any(|marker| {
        fs::read_to_string(dir.join(marker))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .is_some_and(|meta| meta.get("quotasim_version").is_some_and(|v| v.is_string()))
    })
}

/// Why `destination` (an existing folder, canonical) may not be replaced, if it may not.
fn why_not_replace(destination: &Path, replace: Replace) -> Option<String> {
    if std::env::current_dir().ok().and_then(|d| d.canonicalize().ok()).is_some_and(|d| d.starts_with(destination)) {
        return Some(
            "is the current folder or holds it; write the run into a folder of its own, e.g. --out output/run".into(),
        );
    }
    for input in replace.inputs {
        if input.canonicalize().is_ok_and(|i| i.starts_with(destination)) {
            return Some(format!(
                "holds {}, an input of this command; write the run into another folder (--force never replaces a folder holding an input)",
                input.display()
            ));
        }
    }
    let empty = fs::read_dir(destination).is_ok_and(|mut entries| entries.next().is_none());
    if !replace.force && !empty && !written_by_quotasim(destination) {
        return Some(
            "is a folder quotasim did not write (it has no run.json of quotasim's), and writing there replaces the whole folder; choose another --out, or add --force to replace it"
                .into(),
        );
    }
    None
}

/// A run folder being written.
pub struct RunFolder {
    /// The folder as the user named it (for messages).
    destination: PathBuf,
    /// The folder replaced: `destination` with its parents and a final link resolved.
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

impl RunFolder {
    /// Checks that `destination` may be replaced (see the module) and creates the
    /// staging folder next to it (creating parents), so that an unwritable or refused
    /// location fails before any simulation.
    pub fn prepare(destination: &Path, replace: Replace) -> Result<Self, OutputError> {
        let refuse = |why: String| OutputError::Refused { path: destination.to_path_buf(), why };
        let mut path = match destination.file_name() {
            Some(name) => {
                let parent = match destination.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                fs::create_dir_all(&parent).map_err(err(&parent, "cannot create the output folder's parent"))?;
                let parent = parent.canonicalize().map_err(err(&parent, "cannot find the output folder's parent"))?;
                parent.join(name)
            }
            // `.`, `..`, `/`: an existing folder, whose name is found by resolving it.
            None => destination.canonicalize().map_err(|e| refuse(format!("does not name a folder ({e})")))?,
        };
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            match path.canonicalize() {
                Ok(target) => path = target,
                Err(_) => {
                    let target = fs::read_link(&path).map_or_else(|_| "?".into(), |t| t.display().to_string());
                    return Err(refuse(format!(
                        "is a symbolic link to {target}, which does not exist; create that folder, or choose another --out"
                    )));
                }
            }
        }
        let (Some(parent), Some(name)) = (path.parent().map(Path::to_path_buf), path.file_name()) else {
            return Err(refuse(
                "is the root of the file system; choose a folder of its own, e.g. --out output/run".into(),
            ));
        };
        let name = name.to_string_lossy().into_owned();
        clear_leftovers(&parent, &name, &path);
        if path.exists() && !path.is_dir() {
            return Err(OutputError::Io {
                path: destination.to_path_buf(),
                action: "exists and is not a folder",
                source: io::Error::new(io::ErrorKind::AlreadyExists, "choose another --out"),
            });
        }
        if path.is_dir()
            && let Some(why) = why_not_replace(&path, replace)
        {
            return Err(refuse(why));
        }
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(err(&staging, "cannot clear an old staging folder"))?;
        }
        fs::create_dir(&staging).map_err(err(&staging, "cannot create the staging folder"))?;
        Ok(Self { destination: destination.to_path_buf(), target: path, staging, committed: false })
    }

    /// Where to write `file` before the commit.
    pub fn file(&self, file: &str) -> PathBuf {
        self.staging.join(file)
    }

    /// The staging folder being written.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The final folder, as the user named it.
    pub fn destination(&self) -> &Path {
        &self.destination
    }

    /// Replaces the destination with the staging folder; returns the folder as the
    /// user named it.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let old = self.staging.with_file_name(format!(
            ".{}.old-{}",
            self.target.file_name().map_or_else(|| "run".into(), |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let had_previous = self.target.exists();
        if had_previous {
            fs::rename(&self.target, &old).map_err(err(&self.target, "cannot move the previous run folder aside"))?;
            if std::env::var_os(FAULT_COMMIT_ENV).is_some() {
                std::process::abort();
            }
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            if had_previous {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(OutputError::Io {
                path: self.destination.clone(),
                action: "cannot put the new run folder in place",
                source: e,
            });
        }
        self.committed = true;
        if had_previous {
            fs::remove_dir_all(&old).map_err(err(&old, "cannot remove the previous run folder"))?;
        }
        Ok(self.destination.clone())
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_json(dir: &Path) {
        fs::write(dir.join("run.json"), "{\"quotasim_version\": \"0\"}").unwrap();
    }

    #[test]
    fn a_committed_folder_replaces_the_previous_one_and_an_abandoned_one_does_not() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("out");
        fs::create_dir(&dest).unwrap();
        fs::write(dest.join("old.txt"), "old").unwrap();
        run_json(&dest);

        let abandoned = RunFolder::prepare(&dest, Replace::default()).unwrap();
        fs::write(abandoned.file("new.txt"), "new").unwrap();
        drop(abandoned);
        assert!(dest.join("old.txt").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "staging folder left behind");

        let folder = RunFolder::prepare(&dest, Replace::default()).unwrap();
        fs::write(folder.file("new.txt"), "new").unwrap();
        folder.commit().unwrap();
        assert!(dest.join("new.txt").exists());
        assert!(!dest.join("old.txt").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn only_a_folder_quotasim_wrote_is_replaced_unless_forced_and_never_one_holding_an_input() {
        let tmp = tempfile::tempdir().unwrap();
        let mine = tmp.path().join("precious");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("thesis.txt"), "years of work").unwrap();
        let refused = RunFolder::prepare(&mine, Replace::default()).err().unwrap();
        assert!(matches!(refused, OutputError::Refused { .. }));
        assert!(refused.said().contains("is a folder quotasim did not write") && refused.said().contains("--force"));
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "nothing written on refusal");
        // A run.json that is not quotasim's does not make it one.
        fs::write(mine.join("run.json"), "{\"laps\": 3}").unwrap();
        assert!(RunFolder::prepare(&mine, Replace::default()).is_err());
        // An input inside: refused even with --force.
        let input = mine.join("thesis.txt");
        let inputs = [input.clone()];
        let forced = Replace { force: true, inputs: &inputs };
        let said = RunFolder::prepare(&mine, forced).err().unwrap().said();
        assert!(said.contains("an input of this command"), "{said}");
        // Forced, with no input inside: replaced.
        let folder = RunFolder::prepare(&mine, Replace { force: true, inputs: &[] }).unwrap();
        folder.commit().unwrap();
        assert!(!input.exists());
        // An empty folder loses nothing.
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(RunFolder::prepare(&empty, Replace::default()).is_ok());
    }

    #[test]
    fn a_link_is_followed_and_a_dangling_one_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("runs");
        fs::create_dir(&target).unwrap();
        run_json(&target);
        let link = tmp.path().join("latest");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let folder = RunFolder::prepare(&link, Replace::default()).unwrap();
        fs::write(folder.file("new.txt"), "new").unwrap();
        assert_eq!(folder.commit().unwrap(), link);
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert!(target.join("new.txt").exists());
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
        let said = RunFolder::prepare(&dangling, Replace::default()).err().unwrap().said();
        assert!(said.contains("is a symbolic link to") && said.contains("which does not exist"), "{said}");
    }

    #[test]
    fn a_commit_killed_between_its_renames_is_put_back_by_the_next_write() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("out");
        // What a commit killed after its first rename leaves: no destination, the
        // previous folder aside under the name of a process that is gone.
        let old = tmp.path().join(".out.old-4000000000");
        fs::create_dir(&old).unwrap();
        run_json(&old);
        fs::write(old.join("summary.csv"), "previous").unwrap();
        let folder = RunFolder::prepare(&dest, Replace::default()).unwrap();
        assert_eq!(fs::read_to_string(dest.join("summary.csv")).unwrap(), "previous", "restored");
        drop(folder);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
        // Killed after both renames: the destination is new, the old one is removed.
        fs::create_dir(&old).unwrap();
        let folder = RunFolder::prepare(&dest, Replace::default()).unwrap();
        assert!(!old.exists());
        drop(folder);
    }
}
