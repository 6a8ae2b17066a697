/* eslint-disable */
// A project plugin: after every install, write the resolved dependencies (name and version)
// and the Yarn that installed them to node_modules/.installed-report.json, which the server
// publishes at /dependencies.
// `yarn installed-report` prints the same list.
module.exports = {
  name: "plugin-installed-report",
  factory: (require) => {
    const { BaseCommand } = require("@yarnpkg/cli");
    const { Configuration, Project, YarnVersion, structUtils } = require("@yarnpkg/core");
    const fs = require("fs");
    const path = require("path");

    function report(project) {
      const seen = new Map();
      for (const pkg of project.storedPackages.values()) {
        if (pkg.reference.startsWith("workspace:")) continue;
        seen.set(`${structUtils.stringifyIdent(pkg)}@${pkg.version}`, {
          name: structUtils.stringifyIdent(pkg),
          version: pkg.version,
        });
      }
      return [...seen.values()].sort((a, b) =>
        a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name),
      );
    }

    class InstalledReportCommand extends BaseCommand {
      static paths = [["installed-report"]];
      async execute() {
        const configuration = await Configuration.find(this.context.cwd, this.context.plugins);
        const { project } = await Project.find(configuration, this.context.cwd);
        await project.restoreInstallState();
        for (const dep of report(project)) {
          this.context.stdout.write(`${dep.name}@${dep.version}\n`);
        }
      }
    }

    return {
      commands: [InstalledReportCommand],
      hooks: {
        afterAllInstalled(project) {
          const modules = path.join(project.cwd, "node_modules");
          if (!fs.existsSync(modules)) return;
          const file = path.join(modules, ".installed-report.json");
          fs.writeFileSync(file, JSON.stringify({ plugin: "plugin-installed-report", yarn: YarnVersion, dependencies: report(project) }, null, 2) + "\n");
        },
      },
    };
  },
};
