//! The run folder, written atomically: everything goes into a hidden staging folder
//! beside the destination, which replaces the destination only when complete. A run
//! that fails or is killed leaves the previous folder as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why the output folder could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {action}: {source}")]
pub struct OutputError {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: io::Error,
}

fn err<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError { path: path.to_path_buf(), action, source }
}

/// Removes staging folders of `name` left by runs that were killed (their process
/// is gone), so that killed runs do not pile up.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.partial-");
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file.strip_prefix(&prefix).and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A run folder being written.
pub struct RunFolder {
    destination: PathBuf,
    staging: PathBuf,
    committed: bool,
}

impl RunFolder {
    /// Creates the staging folder next to `destination` (creating parents), so that
    /// an unwritable location fails before any simulation.
    pub fn prepare(destination: &Path) -> Result<Self, OutputError> {
        let parent = match destination.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(err(&parent, "cannot create the output folder's parent"))?;
        if destination.exists() && !destination.is_dir() {
            return Err(OutputError {
                path: destination.to_path_buf(),
                action: "exists and is not a folder",
                source: io::Error::new(io::ErrorKind::AlreadyExists, "choose another --out"),
            });
        }
        let name = destination.file_name().map_or_else(|| "run".into(), |n| n.to_string_lossy().into_owned());
        remove_stale_staging(&parent, &name);
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(err(&staging, "cannot clear an old staging folder"))?;
        }
        fs::create_dir(&staging).map_err(err(&staging, "cannot create the staging folder"))?;
        Ok(Self { destination: destination.to_path_buf(), staging, committed: false })
    }

    /// Where to write `file` before the commit.
    pub fn file(&self, file: &str) -> PathBuf {
        self.staging.join(file)
    }

    /// The staging folder being written.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The final folder.
    pub fn destination(&self) -> &Path {
        &self.destination
    }

    /// Replaces the destination with the staging folder.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let old = self.staging.with_file_name(format!(
            ".{}.old-{}",
            self.destination.file_name().map_or_else(|| "run".into(), |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let had_previous = self.destination.exists();
        if had_previous {
            fs::rename(&self.destination, &old)
                .map_err(err(&self.destination, "cannot move the previous run folder aside"))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.destination) {
            if had_previous {
                let _ = fs::rename(&old, &self.destination);
            }
            return Err(OutputError {
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

    #[test]
    fn a_committed_folder_replaces_the_previous_one_and_an_abandoned_one_does_not() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("out");
        fs::create_dir(&dest).unwrap();
        fs::write(dest.join("old.txt"), "old").unwrap();

        let abandoned = RunFolder::prepare(&dest).unwrap();
        fs::write(abandoned.file("new.txt"), "new").unwrap();
        drop(abandoned);
        assert!(dest.join("old.txt").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "staging folder left behind");

        let folder = RunFolder::prepare(&dest).unwrap();
        fs::write(folder.file("new.txt"), "new").unwrap();
        folder.commit().unwrap();
        assert!(dest.join("new.txt").exists());
        assert!(!dest.join("old.txt").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
