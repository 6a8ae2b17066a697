//! Go detection's decisions, through the real binary: which main package is built, the
//! arguments its binary runs with (a CLI's `serve` subcommand, a listen flag), the port and
//! where it comes from, a module kept in a subfolder, the Go version, and what is said when
//! a decision cannot be made.

use serde_json::Value;

use crate::support::{dockgen, outcome, TempProject};

const GO_MOD: &str = "module example.com/app\n\ngo 1.26\n";

/// A Go project from `(path, text)` pairs, with `GO_MOD` unless a go.mod is given.
fn project(files: &[(&str, &str)]) -> TempProject {
    let mut p = TempProject::new();
    if !files.iter().any(|(path, _)| path.ends_with("go.mod")) {
        p = p.file("go.mod", GO_MOD);
    }
    for (path, text) in files {
        p = p.file(path, text);
    }
    p
}

/// What was decided, in a few lines: the main package and why, the port and where from,
/// the arguments, the warnings and unanswered questions (`plan --json`), and the
/// Dockerfile's build and run lines (`init --dry-run --yes`).
fn decisions(p: &TempProject, extra: &[&str]) -> String {
    let out = dockgen()
        .arg("plan")
        .arg(p.path())
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut text = String::new();
    for e in plan["evidence"].as_array().unwrap() {
        let fact = e["fact"].as_str().unwrap();
        if matches!(
            fact,
            "main" | "port" | "args" | "module_dir" | "go_version" | "health_path"
        ) {
            text.push_str(&format!(
                "{fact}: {} ({})\n",
                e["value"].as_str().unwrap(),
                e["from"].as_str().unwrap()
            ));
        }
    }
    for w in plan["warnings"].as_array().unwrap() {
        text.push_str(&format!("warning: {}\n", w.as_str().unwrap()));
    }
    for m in plan["missing"].as_array().unwrap() {
        text.push_str(&format!(
            "missing {}: {}\n",
            m["id"].as_str().unwrap(),
            m["why"].as_str().unwrap_or("-")
        ));
    }
    if plan["missing"].as_array().unwrap().is_empty() {
        let out = dockgen()
            .arg("init")
            .arg(p.path())
            .args(["--yes", "--dry-run"])
            .args(extra)
            .output()
            .unwrap();
        let files = String::from_utf8_lossy(&out.stdout).into_owned();
        for line in files
            .lines()
            .take_while(|l| !l.starts_with("==> .dockerignore"))
        {
            let shown = [
                "COPY ",
                "WORKDIR ",
                "EXPOSE ",
                "ENTRYPOINT ",
                "CMD ",
                "    go ",
            ];
            if shown.iter().any(|s| line.starts_with(s)) && !line.starts_with("COPY --from") {
                text.push_str(&format!("| {line}\n"));
            }
        }
    }
    text
}

/// Several `(name, project)` cases, each's decisions under its name, for one snapshot.
fn cases(cases: Vec<(&str, TempProject)>) -> String {
    cases
        .into_iter()
        .map(|(name, p)| format!("== {name}\n{}", decisions(&p, &[])))
        .collect()
}

const SERVES: &str = "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";
const IDLE: &str = "package main\n\nfunc main() {}\n";

/// Among several mains, the one that serves HTTP, also when it serves through a package
/// it imports; a command runner's `.Run()` and an HTTP client prove nothing; a server-like
/// name breaks a tie only between mains that serve; gRPC when nothing serves HTTP.
#[test]
fn the_main_package_that_serves_is_built() {
    let through_import = project(&[
        (
            "cmd/api/main.go",
            "package main\n\nimport \"example.com/app/internal/web\"\n\nfunc main() { web.Run() }\n",
        ),
        (
            "internal/web/web.go",
            "package web\n\nimport \"net/http\"\n\nfunc Run() error {\n\tsrv := &http.Server{Addr: \":8082\"}\n\treturn srv.ListenAndServe()\n}\n",
        ),
        (
            "cmd/worker/main.go",
            "package main\n\nimport \"os/exec\"\n\nfunc main() { exec.Command(\"true\").Run() }\n",
        ),
        (
            "cmd/ctl/main.go",
            "package main\n\nimport \"net/http\"\n\nfunc main() { http.Get(\"http://localhost:8082/\") }\n",
        ),
    ]);
    let tie = project(&[
        ("cmd/admin/main.go", SERVES),
        ("cmd/server/main.go", SERVES),
        ("cmd/seed/main.go", IDLE),
    ]);
    let names_alone_prove_nothing =
        project(&[("cmd/server/main.go", IDLE), ("cmd/tool/main.go", IDLE)]);
    let grpc = project(&[
        (
            "cmd/grpcd/main.go",
            "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":50051\")\n\tgrpc.NewServer().Serve(lis)\n}\n",
        ),
        ("cmd/migrate/main.go", IDLE),
    ]);
    let generator = project(&[
        (
            "gen.go",
            "//go:build ignore\n\npackage main\n\nfunc main() {}\n",
        ),
        ("cmd/api/main.go", SERVES),
    ]);
    insta::assert_snapshot!(cases(vec![
        ("serves through an imported package", through_import),
        ("two serve, one is named as the server", tie),
        (
            "nothing serves: a name is no proof",
            names_alone_prove_nothing
        ),
        ("gRPC", grpc),
        (
            "a //go:build ignore generator is no main package",
            generator
        ),
    ]));
}

/// With no main package to choose, `init --yes` names the question and why (the
/// candidates), once: no warning repeats it.
#[test]
fn an_unsettled_main_package_says_why_once() {
    let p = project(&[("cmd/a/main.go", SERVES), ("cmd/b/main.go", SERVES)]);
    let mut cmd = dockgen();
    cmd.arg("init").arg(p.path()).arg("--yes");
    let none = project(&[("lib.go", "package app\n")]);
    let mut cmd_none = dockgen();
    cmd_none.arg("init").arg(none.path()).arg("--yes");
    insta::assert_snapshot!(format!(
        "{}\n{}",
        outcome(&mut cmd, p.path()),
        outcome(&mut cmd_none, none.path())
    ));
    assert!(!p.exists("Dockerfile"));
}

const COBRA_ROOT: &str = "package cmd\n\nimport \"github.com/spf13/cobra\"\n\nvar rootCmd = &cobra.Command{Use: \"shop\"}\n\nfunc Execute() error { return rootCmd.Execute() }\n";
const COBRA_MAIN: &str =
    "package main\n\nimport \"example.com/app/cmd\"\n\nfunc main() { cmd.Execute() }\n";

/// A CLI framework's serving subcommand becomes the image's `CMD`, with the port flag
/// defined on it (the port chosen later reaching it); a root command or a kong default
/// command needs no argument.
#[test]
fn a_cli_serve_subcommand_is_the_command() {
    let cobra = project(&[
        ("go.mod", "module example.com/app\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.8.1\n"),
        ("main.go", COBRA_MAIN),
        ("cmd/root.go", COBRA_ROOT),
        (
            "cmd/serve.go",
            "package cmd\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\n\t\"github.com/spf13/cobra\"\n)\n\nvar port int\n\nvar serveCmd = &cobra.Command{\n\tUse:   \"serve\",\n\tShort: \"Run the HTTP server\",\n\tRunE: func(cmd *cobra.Command, args []string) error {\n\t\treturn http.ListenAndServe(fmt.Sprintf(\":%d\", port), nil)\n\t},\n}\n\nfunc init() {\n\tserveCmd.Flags().IntVarP(&port, \"port\", \"p\", 8000, \"port\")\n\trootCmd.AddCommand(serveCmd)\n}\n",
        ),
        (
            "cmd/migrate.go",
            "package cmd\n\nimport \"github.com/spf13/cobra\"\n\nvar migrateCmd = &cobra.Command{Use: \"migrate\"}\n\nfunc init() {\n\tmigrateCmd.Flags().Int(\"db-port\", 5432, \"database port\")\n\trootCmd.AddCommand(migrateCmd)\n}\n",
        ),
    ]);
    let cobra_persistent_addr = project(&[
        ("main.go", COBRA_MAIN),
        ("cmd/root.go", "package cmd\n\nimport \"github.com/spf13/cobra\"\n\nvar addr string\n\nvar rootCmd = &cobra.Command{Use: \"shop\"}\n\nfunc init() {\n\trootCmd.PersistentFlags().StringVar(&addr, \"listen-addr\", \"localhost:7000\", \"address\")\n}\n\nfunc Execute() error { return rootCmd.Execute() }\n"),
        ("cmd/start.go", "package cmd\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/spf13/cobra\"\n)\n\nfunc newStart() *cobra.Command {\n\treturn &cobra.Command{\n\t\tUse: \"start\",\n\t\tRunE: func(c *cobra.Command, _ []string) error { return http.ListenAndServe(addr, nil) },\n\t}\n}\n\nfunc init() { rootCmd.AddCommand(newStart()) }\n"),
    ]);
    let urfave = project(&[(
        "main.go",
        "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\n\t\"github.com/urfave/cli/v2\"\n)\n\nfunc main() {\n\tapp := &cli.App{\n\t\tName: \"relay\",\n\t\tCommands: []*cli.Command{\n\t\t\t{Name: \"send\", Action: send},\n\t\t\t{\n\t\t\t\tName:  \"serve\",\n\t\t\t\tFlags: []cli.Flag{&cli.IntFlag{Name: \"port\", Value: 4000, EnvVars: []string{\"PORT\"}}},\n\t\t\t\tAction: func(c *cli.Context) error { return http.ListenAndServe(\":4000\", nil) },\n\t\t\t},\n\t\t},\n\t}\n\tapp.Run(os.Args)\n}\n",
    )]);
    let kong = project(&[(
        "main.go",
        "package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\n\t\"github.com/alecthomas/kong\"\n)\n\ntype ServeCmd struct {\n\tPort int `default:\"8090\" env:\"PORT\" help:\"port to listen on\"`\n}\n\nfunc (s *ServeCmd) Run() error { return http.ListenAndServe(fmt.Sprintf(\":%d\", s.Port), nil) }\n\ntype MigrateCmd struct{}\n\nvar cli struct {\n\tMigrate MigrateCmd `cmd:\"\" help:\"Apply migrations.\"`\n\tServe   ServeCmd   `cmd:\"\" help:\"Run the server.\"`\n}\n\nfunc main() {\n\tctx := kong.Parse(&cli)\n\tctx.FatalIfErrorf(ctx.Run())\n}\n",
    )]);
    let kong_default = project(&[(
        "main.go",
        "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/alecthomas/kong\"\n)\n\ntype ServeCmd struct{}\n\nfunc (s *ServeCmd) Run() error { return http.ListenAndServe(\":8080\", nil) }\n\nvar cli struct {\n\tServe ServeCmd `cmd:\"\" default:\"1\"`\n}\n\nfunc main() { kong.Parse(&cli).Run() }\n",
    )]);
    let cobra_root_serves = project(&[(
        "main.go",
        "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/spf13/cobra\"\n)\n\nfunc main() {\n\troot := &cobra.Command{\n\t\tUse:  \"server\",\n\t\tRunE: func(*cobra.Command, []string) error { return http.ListenAndServe(\":8080\", nil) },\n\t}\n\troot.Execute()\n}\n",
    )]);
    let mut text = cases(vec![
        ("cobra: serve, with its --port flag", cobra),
        (
            "cobra: start, a persistent --listen-addr on loopback",
            cobra_persistent_addr,
        ),
        ("urfave/cli: serve (its port comes from PORT)", urfave),
        ("kong: serve", kong),
        ("kong: a default command needs no argument", kong_default),
        ("cobra: a root command needs no argument", cobra_root_serves),
    ]);
    let cobra_again = TempProject::new()
        .file("go.mod", GO_MOD)
        .file("main.go", COBRA_MAIN)
        .file("cmd/root.go", COBRA_ROOT)
        .file("cmd/serve.go", "package cmd\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\n\t\"github.com/spf13/cobra\"\n)\n\nvar port int\n\nvar serveCmd = &cobra.Command{\n\tUse: \"serve\",\n\tRunE: func(*cobra.Command, []string) error { return http.ListenAndServe(fmt.Sprintf(\":%d\", port), nil) },\n}\n\nfunc init() {\n\tserveCmd.Flags().IntVar(&port, \"port\", 8000, \"port\")\n\trootCmd.AddCommand(serveCmd)\n}\n");
    text.push_str(&format!(
        "== cobra, --port 9000\n{}",
        decisions(&cobra_again, &["--port", "9000"])
    ));
    insta::assert_snapshot!(text);
}

/// Where the port comes from, and an app that listens where only the container can reach:
/// made to listen on every interface when its address is a flag, else warned about with
/// the file and line.
#[test]
fn ports_and_listen_addresses() {
    let main = |body: &str, imports: &str| {
        format!("package main\n\nimport (\n{imports}\n)\n\nfunc main() {{\n{body}\n}}\n")
    };
    let std_flag = project(&[(
        "main.go",
        &main(
            "\taddr := flag.String(\"addr\", \":9090\", \"listen address\")\n\tflag.Parse()\n\thttp.ListenAndServe(*addr, nil)",
            "\t\"flag\"\n\t\"net/http\"",
        ),
    )]);
    let int_flag_loopback = project(&[(
        "main.go",
        &main(
            "\thost := flag.String(\"host\", \"127.0.0.1\", \"host\")\n\tport := flag.Int(\"port\", 8088, \"port\")\n\tflag.Parse()\n\thttp.ListenAndServe(fmt.Sprintf(\"%s:%d\", *host, *port), nil)",
            "\t\"flag\"\n\t\"fmt\"\n\t\"net/http\"",
        ),
    )]);
    let addr_flag_loopback = project(&[(
        "main.go",
        &main(
            "\taddr := flag.String(\"addr\", \"localhost:8089\", \"listen address\")\n\tflag.Parse()\n\thttp.ListenAndServe(*addr, nil)",
            "\t\"flag\"\n\t\"net/http\"",
        ),
    )]);
    let viper = project(&[(
        "main.go",
        &main(
            "\tviper.SetDefault(\"server.port\", 8070)\n\tviper.SetDefault(\"db.port\", 5432)\n\tviper.AutomaticEnv()\n\thttp.ListenAndServe(fmt.Sprintf(\":%d\", viper.GetInt(\"server.port\")), nil)",
            "\t\"fmt\"\n\t\"net/http\"\n\n\t\"github.com/spf13/viper\"",
        ),
    )]);
    let envconfig = project(&[
        (
            "main.go",
            &main(
                "\tvar c config.Config\n\tenvconfig.MustProcess(\"\", &c)\n\thttp.ListenAndServe(\":\"+c.Port, nil)",
                "\t\"net/http\"\n\n\t\"example.com/app/internal/config\"\n\t\"github.com/kelseyhightower/envconfig\"",
            ),
        ),
        (
            "internal/config/config.go",
            "package config\n\ntype Config struct {\n\tDatabaseURL string `envconfig:\"DATABASE_URL\" default:\"postgres://localhost:5432/app\"`\n\tPort        string `envconfig:\"PORT\" default:\"8060\"`\n}\n",
        ),
    ]);
    let getenv = project(&[(
        "main.go",
        &main(
            "\tport, ok := os.LookupEnv(\"PORT\")\n\tif !ok {\n\t\tport = \"8050\"\n\t}\n\thttp.ListenAndServe(\":\"+port, nil)",
            "\t\"net/http\"\n\t\"os\"",
        ),
    )]);
    let env_loopback = project(&[(
        "main.go",
        &main(
            "\taddr := os.Getenv(\"LISTEN_ADDR\")\n\tif addr == \"\" {\n\t\taddr = \"127.0.0.1:8040\"\n\t}\n\thttp.ListenAndServe(addr, nil)",
            "\t\"net/http\"\n\t\"os\"",
        ),
    )]);
    let literal_loopback = project(&[(
        "main.go",
        &main(
            "\t// a local pprof listener beside the real one would be fine; this is the only one\n\thttp.ListenAndServe(\"localhost:8030\", nil)",
            "\t\"net/http\"",
        ),
    )]);
    let pprof_beside = project(&[(
        "main.go",
        &main(
            "\tgo http.ListenAndServe(\"localhost:6060\", nil)\n\thttp.ListenAndServe(\"0.0.0.0:8020\", mux)",
            "\t\"net/http\"",
        ),
    )]);
    insta::assert_snapshot!(cases(vec![
        ("flag.String addr", std_flag),
        (
            "flag.Int port beside a -host flag on loopback",
            int_flag_loopback
        ),
        (
            "flag addr on loopback: passed on every interface",
            addr_flag_loopback
        ),
        ("viper default", viper),
        ("envconfig default, in an imported package", envconfig),
        ("os.LookupEnv with a fallback", getenv),
        ("an address variable defaulting to loopback", env_loopback),
        ("a hard-coded loopback address", literal_loopback),
        (
            "a loopback debug listener beside the real one",
            pprof_beside
        ),
    ]));
}

/// No go.mod in the root: the module in a subfolder is found, its `replace` targets copied
/// beside it, and the build runs in its folder.
#[test]
fn a_module_in_a_subfolder_is_built_with_its_replace_targets() {
    let shared = "module example.com/shop/shared\n\ngo 1.26\n";
    let backend_mod = "module example.com/shop/backend\n\ngo 1.26\n\nrequire example.com/shop/shared v0.0.0-00010101000000-000000000000\n\nreplace example.com/shop/shared => ../shared\n";
    let api = "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/shop/shared/money\"\n)\n\nfunc main() {\n\t_ = money.Euro\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";
    let p = TempProject::new()
        .file("backend/go.mod", backend_mod)
        .file("backend/cmd/api/main.go", api)
        .file("shared/go.mod", shared)
        .file(
            "shared/money/money.go",
            "package money\n\nconst Euro = \"EUR\"\n",
        )
        .file("tools/go.mod", "module example.com/shop/tools\n\ngo 1.26\n")
        .file("tools/gen/main.go", IDLE)
        .file("web/index.html", "<!doctype html>\n");
    let vendored = TempProject::new()
        .file("svc/go.mod", "module example.com/svc\n\ngo 1.26\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ../../lib\n")
        .file("svc/vendor/modules.txt", "# example.com/lib v1.0.0 => ../../lib\n")
        .file("svc/main.go", SERVES);
    let mut text = format!("== backend, shared and tools\n{}", decisions(&p, &[]));
    text.push_str(&format!(
        "== a vendored module needs none of its replace folders\n{}",
        decisions(&vendored, &[])
    ));
    insta::assert_snapshot!(text);
}

/// What cannot be built from the project is refused by name: a `replace` out of the
/// project, several modules in subfolders none of which is the service; and the
/// no-project error names the subfolder marker.
#[test]
fn go_layouts_that_cannot_be_built_are_refused() {
    let outside = TempProject::new()
        .file(
            "api/go.mod",
            "module example.com/api\n\ngo 1.26\n\nreplace example.com/lib => ../../lib\n",
        )
        .file("api/main.go", SERVES);
    let two = TempProject::new()
        .file("a/go.mod", "module example.com/a\n\ngo 1.26\n")
        .file("a/main.go", SERVES)
        .file("b/go.mod", "module example.com/b\n\ngo 1.26\n")
        .file("b/main.go", SERVES);
    let missing = TempProject::new()
        .file(
            "go.mod",
            "module example.com/x\n\ngo 1.26\n\nreplace example.com/lib => ./lib\n",
        )
        .file("main.go", SERVES);
    let nothing = TempProject::new().file("notes.txt", "hello\n");
    let mut text = String::new();
    for (name, p) in [
        ("replace out of the project", outside),
        ("two modules that both serve", two),
        ("replace to a folder without go.mod", missing),
        ("no project", nothing),
    ] {
        let before = p.listing();
        let mut cmd = dockgen();
        cmd.arg("init").arg(p.path()).arg("--yes");
        text.push_str(&format!("== {name}\n{}\n", outcome(&mut cmd, p.path())));
        assert_eq!(p.listing(), before, "files were written");
    }
    insta::assert_snapshot!(text);
}

/// The `go` line is a minimum, `toolchain` pins; a workspace's own lines win; a module
/// that requires others without a go.sum is warned about.
#[test]
fn the_go_version_and_go_sum() {
    let old_minimum = project(&[
        ("go.mod", "module example.com/app\n\ngo 1.21\n"),
        ("main.go", SERVES),
    ]);
    let pinned = project(&[
        (
            "go.mod",
            "module example.com/app\n\ngo 1.26.0\n\ntoolchain go1.27.2\n",
        ),
        ("main.go", SERVES),
    ]);
    let work = project(&[
        ("go.work", "go 1.26.1\n\ntoolchain go1.27.0\n\nuse ./api\n"),
        ("api/go.mod", "module example.com/api\n\ngo 1.26\n"),
        ("api/main.go", SERVES),
    ]);
    let no_sum = project(&[
        (
            "go.mod",
            "module example.com/app\n\ngo 1.26\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n",
        ),
        ("main.go", SERVES),
    ]);
    insta::assert_snapshot!(cases(vec![
        ("go 1.21: a minimum older than every image", old_minimum),
        ("toolchain pins", pinned),
        ("go.work's lines win", work),
        ("requirements without go.sum", no_sum),
    ]));
}

/// The Dockerfile lines that say how a Go binary is built and what it runs on, and the cgo
/// evidence, for each project and preset.
fn cgo_decisions(cases: Vec<(&str, TempProject, &str)>) -> String {
    let mut text = String::new();
    for (name, p, preset) in cases {
        text.push_str(&format!("== {name} ({preset})\n"));
        let out = dockgen()
            .arg("plan")
            .arg(p.path())
            .args(["--json", "--preset", preset])
            .output()
            .unwrap();
        let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
        for e in plan["evidence"].as_array().unwrap() {
            if e["fact"] == "cgo" {
                text.push_str(&format!("cgo: {} ({})\n", e["value"], e["from"]));
            }
        }
        let out = dockgen()
            .arg("init")
            .arg(p.path())
            .args(["--yes", "--dry-run", "--preset", preset])
            .output()
            .unwrap();
        for line in String::from_utf8_lossy(&out.stdout)
            .lines()
            .take_while(|l| !l.starts_with("==> .dockerignore"))
            .filter(|l| l.starts_with("FROM ") || l.contains("CGO_ENABLED"))
        {
            text.push_str(&format!("| {line}\n"));
        }
    }
    text
}

/// A required module that compiles C (go-sqlite3, also when only an ORM's driver requires it)
/// turns cgo on: the build stage is the golang image with its C compiler, not cross-compiled,
/// and the runtime has glibc (distroless/base, Debian slim); a pure-Go SQLite does not.
#[test]
fn a_module_that_compiles_c_builds_with_cgo_on_a_glibc_runtime() {
    const STORE: &str = "package main\n\nimport (\n\t\"database/sql\"\n\t\"net/http\"\n\n\t_ \"github.com/mattn/go-sqlite3\"\n)\n\nfunc main() {\n\tsql.Open(\"sqlite3\", \"/tmp/app.db\")\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";
    let sqlite = || {
        project(&[
            (
                "go.mod",
                "module example.com/app\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.24\n",
            ),
            ("main.go", STORE),
        ])
    };
    let gorm = project(&[
        (
            "go.mod",
            "module example.com/app\n\ngo 1.26\n\nrequire (\n\tgorm.io/driver/sqlite v1.5.7\n\tgorm.io/gorm v1.25.12\n)\n\nrequire (\n\tgithub.com/jinzhu/inflection v1.0.0 // indirect\n\tgithub.com/jinzhu/now v1.1.5 // indirect\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n",
        ),
        ("main.go", SERVES),
    ]);
    let kafka = project(&[
        (
            "go.mod",
            "module example.com/app\n\ngo 1.26\n\nrequire github.com/confluentinc/confluent-kafka-go/v2 v2.6.1\n",
        ),
        ("main.go", SERVES),
    ]);
    let pure = project(&[
        (
            "go.mod",
            "module example.com/app\n\ngo 1.26\n\nrequire modernc.org/sqlite v1.34.1\n",
        ),
        ("main.go", SERVES),
    ]);
    insta::assert_snapshot!(cgo_decisions(vec![
        ("go-sqlite3", sqlite(), "go-distroless"),
        ("go-sqlite3", sqlite(), "go-slim"),
        ("go-sqlite3 through gorm's driver", gorm, "go-distroless"),
        ("confluent-kafka-go v2", kafka, "go-distroless"),
        ("modernc.org/sqlite is pure Go", pure, "go-distroless"),
    ]));
}

/// The runtime stage's lines from the binary on: what it copies and its working directory.
fn runtime_copies(p: &TempProject) -> String {
    let out = dockgen()
        .arg("init")
        .arg(p.path())
        .args(["--yes", "--dry-run"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip_while(|l| !l.starts_with("FROM ") || !l.ends_with("AS runtime"))
        .take_while(|l| !l.starts_with("ENV "))
        .filter(|l| l.starts_with("COPY ") || l.starts_with("WORKDIR "))
        .map(|l| format!("| {l}\n"))
        .collect()
}

/// Files the binary opens by relative paths at run time (templates parsed from a glob, a
/// folder served with `http.Dir`, a config file read by name, in a module kept in a
/// subfolder too) are copied into the runtime's working directory; what `//go:embed` takes
/// in, Go packages named in a literal, hidden files and paths that do not exist are not.
#[test]
fn files_the_binary_reads_at_run_time_are_copied_beside_it() {
    const READS: &str = "package main\n\nimport (\n\t\"html/template\"\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {\n\tt := template.Must(template.ParseGlob(\"templates/*.html\"))\n\t_ = t\n\tcfg, _ := os.ReadFile(\"config.yaml\")\n\t_ = cfg\n\t_, _ = os.ReadFile(\".env\")\n\t_, _ = os.ReadFile(\"missing.json\")\n\thttp.Handle(\"/static/\", http.FileServer(http.Dir(\"./static\")))\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";
    const EMBEDS: &str = "package main\n\nimport (\n\t\"embed\"\n\t\"html/template\"\n\t\"net/http\"\n)\n\n//go:embed templates\nvar files embed.FS\n\nfunc main() {\n\ttemplate.Must(template.ParseFS(files, \"templates/*.html\"))\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";
    let reads = || {
        [
            ("templates/index.html", "<h1>{{.}}</h1>\n"),
            ("templates/partials/nav.html", "<nav></nav>\n"),
            ("static/app.css", "body {}\n"),
            ("config.yaml", "greeting: hi\n"),
            (".env", "SECRET=x\n"),
        ]
    };
    let root = project(&[&[("main.go", READS)][..], &reads()].concat());
    let embedded = project(&[
        ("main.go", EMBEDS),
        ("templates/index.html", "<h1>{{.}}</h1>\n"),
    ]);
    let package = project(&[
        (
            "main.go",
            "package main\n\nimport \"net/http\"\n\nfunc main() {\n\tname := \"handlers\"\n\t_ = name\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
        ),
        ("handlers/handlers.go", "package handlers\n"),
    ]);
    let mut files = vec![("backend/go.mod", GO_MOD), ("backend/main.go", READS)];
    let nested: Vec<(String, &str)> = reads()
        .iter()
        .map(|(p, t)| (format!("backend/{p}"), *t))
        .collect();
    files.extend(nested.iter().map(|(p, t)| (p.as_str(), *t)));
    let mut subfolder = TempProject::new();
    for (path, text) in files {
        subfolder = subfolder.file(path, text);
    }
    let text: String = [
        ("templates, static and a config file", root),
        ("//go:embed templates: nothing to copy", embedded),
        ("a Go package named in a literal", package),
        ("the module in backend/", subfolder),
    ]
    .into_iter()
    .map(|(name, p)| format!("== {name}\n{}", runtime_copies(&p)))
    .collect();
    insta::assert_snapshot!(text);
}
