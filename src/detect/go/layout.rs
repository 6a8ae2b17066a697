//! Which modules a Go build uses and where it runs: the root's `go.mod`, a `go.work`
//! workspace, or — with neither in the root — the module in a subfolder (`backend/go.mod`)
//! whose main package serves, with the folders its `replace` directives name. Also the
//! files copied before the download (go.mod/go.sum of each, go.work).

use super::gomod::{parse_go_mod, parse_work, GoMod, GoWork, Replace};
use super::packages::{ModuleRef, Tree};
use super::serves::Serves;
use crate::detect::{is_plain_path, Findings};
use crate::error::{Error, Result};
use crate::project::Project;

/// A module read from its go.mod.
pub struct Module {
    /// Its folder: `.` or `backend`.
    pub dir: String,
    /// Its go.mod, relative to the project.
    pub file: String,
    pub gomod: GoMod,
}

pub struct Layout {
    pub work: Option<GoWork>,
    /// The modules whose main packages can be built: the root's, the workspace's, or the
    /// one in a subfolder.
    pub mains: Vec<Module>,
    /// Modules the build takes from folders through `replace`, beyond `mains`.
    pub replaced: Vec<Module>,
    /// Where `go build` runs (see `GoFacts::module_dir`).
    pub module_dir: String,
    /// The folders copied, when not the whole project.
    pub sources: Vec<String>,
    /// Files copied before `go mod download`.
    pub manifests: Vec<String>,
    /// The build's sources.
    pub tree: Tree,
}

impl Layout {
    /// Every module of the build.
    pub fn modules(&self) -> impl Iterator<Item = &Module> {
        self.mains.iter().chain(&self.replaced)
    }
}

fn go_mod_of(dir: &str) -> String {
    if dir == "." {
        "go.mod".into()
    } else {
        format!("{dir}/go.mod")
    }
}

fn read_module(project: &Project, dir: &str) -> Result<Option<Module>> {
    let file = go_mod_of(dir);
    let Some(text) = project.read(&file)? else {
        return Ok(None);
    };
    let gomod = parse_go_mod(project, &file, &text)?;
    Ok(Some(Module {
        dir: dir.to_string(),
        file,
        gomod,
    }))
}

pub fn find(project: &Project, f: &mut Findings) -> Result<Layout> {
    if let Some(text) = project.read("go.work")? {
        let work = parse_work(project, &text)?;
        let mut mains = Vec::new();
        for dir in &work.uses {
            let module = read_module(project, dir)?.ok_or_else(|| Error::Invalid {
                path: project.path("go.work"),
                message: format!("uses `{dir}`, which has no go.mod; fix the `use` directive"),
            })?;
            mains.push(module);
        }
        let mut manifests = vec!["go.work".to_string()];
        if project.exists("go.work.sum") {
            manifests.push("go.work.sum".into());
        }
        let mut replaces: Vec<(String, String, Replace)> = work
            .replaces
            .iter()
            .map(|r| (".".to_string(), "go.work".to_string(), r.clone()))
            .collect();
        replaces.extend(module_replaces(&mains));
        return assemble(project, Some(work), mains, replaces, ".", manifests, false);
    }
    if let Some(root) = read_module(project, ".")? {
        let replaces = module_replaces(std::slice::from_ref(&root));
        return assemble(project, None, vec![root], replaces, ".", Vec::new(), false);
    }
    in_subfolder(project, f)
}

/// The folder `replace` directives of `modules`, each with the folder it is relative to.
fn module_replaces(modules: &[Module]) -> Vec<(String, String, Replace)> {
    modules
        .iter()
        .flat_map(|m| {
            m.gomod
                .replaces
                .iter()
                .map(|r| (m.dir.clone(), m.file.clone(), r.clone()))
        })
        .collect()
}

/// Puts a layout together: the replaced folders resolved and read, the manifests listed,
/// the sources read.
fn assemble(
    project: &Project,
    work: Option<GoWork>,
    mains: Vec<Module>,
    replaces: Vec<(String, String, Replace)>,
    module_dir: &str,
    mut manifests: Vec<String>,
    copy_only_the_build: bool,
) -> Result<Layout> {
    let vendored = project.exists(&if module_dir == "." {
        "vendor/modules.txt".to_string()
    } else {
        format!("{module_dir}/vendor/modules.txt")
    });
    let mut replaced: Vec<Module> = Vec::new();
    // vendoring copies replaced folders into vendor/: the build needs none of them
    if !vendored {
        for (base, file, r) in &replaces {
            let dir = replace_target(project, base, file, r)?;
            if mains.iter().chain(&replaced).any(|m| m.dir == dir) {
                continue;
            }
            let module = read_module(project, &dir)?.ok_or_else(|| Error::Invalid {
                path: project.path(file),
                message: format!(
                    "line {}: `replace {} => {}` names a folder with no go.mod; Go needs one there: fix the directive or add the module",
                    r.line, r.module, r.path
                ),
            })?;
            replaced.push(module);
        }
    }
    for m in &mains {
        manifests.push(m.file.clone());
        let sum = m.file.replace("go.mod", "go.sum");
        if project.exists(&sum) {
            manifests.push(sum);
        }
    }
    manifests.extend(replaced.iter().map(|m| m.file.clone()));
    let mut sources = Vec::new();
    if copy_only_the_build {
        for m in mains.iter().chain(&replaced) {
            let inside = sources
                .iter()
                .any(|s: &String| m.dir.starts_with(&format!("{s}/")));
            if !inside {
                sources.push(m.dir.clone());
            }
        }
    }
    let refs = mains
        .iter()
        .chain(&replaced)
        .map(|m| ModuleRef {
            dir: m.dir.clone(),
            path: m.gomod.module.clone(),
        })
        .collect();
    let tree = Tree::read(project, refs)?;
    Ok(Layout {
        work,
        mains,
        replaced,
        module_dir: module_dir.to_string(),
        sources,
        manifests,
        tree,
    })
}

/// The project folder a `replace` names, relative to `base` (the folder of the go.mod or
/// go.work that holds it); it must lie inside the project, since the image is built from
/// the project's files only.
fn replace_target(project: &Project, base: &str, file: &str, r: &Replace) -> Result<String> {
    let outside = || {
        Error::Invalid {
        path: project.path(file),
        message: format!(
            "line {}: `replace {} => {}` takes the module from outside the project, which the image cannot copy; run dockgen in a folder that holds both modules (with a `go.work` there), or vendor the dependencies with `go mod vendor`",
            r.line, r.module, r.path
        ),
    }
    };
    if r.path.starts_with('/') {
        return Err(outside());
    }
    let mut parts: Vec<&str> = if base == "." {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    for segment in r.path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or_else(outside)?;
            }
            other => parts.push(other),
        }
    }
    let dir = if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    };
    if dir != "." && !is_plain_path(&dir) {
        return Err(Error::Invalid {
            path: project.path(file),
            message: format!(
                "line {}: `replace {} => {}` names a folder whose name a Dockerfile cannot copy plainly; rename it to letters, digits, `.`, `_` and `-`",
                r.line, r.module, r.path
            ),
        });
    }
    Ok(dir)
}

/// No go.mod or go.work in the root: the module in a subfolder whose main package serves,
/// built with only the folders it needs.
fn in_subfolder(project: &Project, f: &mut Findings) -> Result<Layout> {
    let mut candidates = Vec::new();
    for dir in project.subfolders() {
        if let Some(module) = read_module(project, &dir)? {
            candidates.push(module);
        }
    }
    if candidates.is_empty() {
        return Err(Error::Invalid {
            path: project.root().to_path_buf(),
            message: "has no readable `go.mod`, in the root or one folder down; run dockgen in the module's folder".into(),
        });
    }
    // a module that cannot be built (say, a `replace` out of the project) matters only if
    // it is the one to build
    let mut layouts = Vec::new();
    let mut first_error = None;
    for module in candidates {
        let replaces = module_replaces(std::slice::from_ref(&module));
        let dir = module.dir.clone();
        match assemble(
            project,
            None,
            vec![module],
            replaces,
            &dir,
            Vec::new(),
            true,
        ) {
            Ok(layout) => layouts.push(layout),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if layouts.is_empty() {
        return Err(first_error.take().unwrap_or_else(|| Error::Invalid {
            path: project.root().to_path_buf(),
            message: "has no readable `go.mod`, in the root or one folder down; run dockgen in the module's folder".into(),
        }));
    }
    let files: Vec<String> = layouts
        .iter()
        .map(|l| format!("`{}`", l.mains[0].file))
        .collect();
    let listed = files.join(", ");
    let (index, why) = if layouts.len() == 1 {
        (0, "the only module, in a subfolder".to_string())
    } else {
        let with_mains: Vec<usize> = (0..layouts.len())
            .filter(|i| {
                !layouts[*i]
                    .tree
                    .mains_in(&layouts[*i].module_dir)
                    .is_empty()
            })
            .collect();
        let serving = |kind: Serves| -> Vec<usize> {
            with_mains
                .iter()
                .copied()
                .filter(|i| {
                    let l = &layouts[*i];
                    let mains = l.tree.mains_in(&l.module_dir);
                    l.tree
                        .choose_main(&mains, &l.module_dir)
                        .ok()
                        .and_then(|(dir, _)| l.tree.serving(&dir))
                        .is_some_and(|s| s.kind == kind)
                })
                .collect()
        };
        let http = serving(Serves::Http);
        let grpc = serving(Serves::Grpc);
        match (with_mains.as_slice(), http.as_slice(), grpc.as_slice()) {
            ([one], _, _) => (*one, "the only module with a main package".to_string()),
            (_, [one], _) => (*one, "the only module whose main package serves HTTP".to_string()),
            (_, [], [one]) => (*one, "the only module whose main package serves gRPC".to_string()),
            ([], _, _) => {
                return Err(first_error.unwrap_or_else(|| Error::Invalid {
                    path: project.root().to_path_buf(),
                    message: format!(
                        "has no go.mod of its own and none of its modules ({listed}) has a main package to build; run dockgen in the folder of the module to build"
                    ),
                }))
            }
            _ => {
                let which = if http.len() > 1 {
                    let serving: Vec<&str> = http.iter().map(|i| layouts[*i].mains[0].file.as_str()).collect();
                    format!("several of its modules serve HTTP (`{}`)", serving.join("`, `"))
                } else {
                    format!("none of its modules ({listed}) is the only one with a main package that serves HTTP")
                };
                return Err(Error::Invalid {
                    path: project.root().to_path_buf(),
                    message: format!(
                        "has no go.mod of its own, and {which}; add a `go.work` that uses the modules (`go work init ./a ./b`) and pass the main package to build with `--set main=./a/cmd/NAME`"
                    ),
                });
            }
        }
    };
    let layout = layouts.swap_remove(index);
    if let (true, Some(e)) = (
        layout.tree.mains_in(&layout.module_dir).is_empty(),
        first_error,
    ) {
        return Err(e);
    }
    f.fact(
        "module_dir",
        layout.module_dir.clone(),
        format!("{why} (no go.mod in the root)"),
    );
    Ok(layout)
}
