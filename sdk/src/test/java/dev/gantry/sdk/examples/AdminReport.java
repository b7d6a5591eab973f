package dev.gantry.sdk.examples;

import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.admin.AdminService;
import dev.gantry.sdk.admin.AuditEntry;
import dev.gantry.sdk.admin.AuditQuery;
import dev.gantry.sdk.admin.DeploymentHealth;
import dev.gantry.sdk.admin.LimitBucket;
import dev.gantry.sdk.admin.UsageGroupBy;
import dev.gantry.sdk.admin.UsageQuery;
import dev.gantry.sdk.admin.UsageTotal;

/**
 * An operator's morning report, read-only (needs an admin key): each deployment's health,
 * today's spend per key, the limits more than half used, and the last admin changes.
 */
public final class AdminReport {

  private AdminReport() {}

  public static void main(String[] args) {
    try (GantryClient client = GantryClient.fromEnv()) {
      AdminService admin = client.admin();
      for (DeploymentHealth d : admin.deployments().data()) {
        System.out.printf("%-40s breaker=%-9s in_flight=%d total=%.0f ms errors=%d%n",
            d.deployment(), d.breaker().state(), d.inFlight(), d.latencyMs().total(),
            d.recentErrors().size());
      }
      for (UsageTotal t : admin.usage(UsageQuery.today(UsageGroupBy.KEY)).data()) {
        System.out.printf("%-24s %6d requests %10d tokens $%s%n", t.group(), t.requests(),
            t.inputTokens() + t.outputTokens(), t.costUsd().toPlainString());
      }
      for (LimitBucket b : admin.limits().data()) {
        if (b.used() * 2 > b.capacity()) {
          System.out.printf("%s %s: %d of %d used%n", b.owner(), b.measure(), b.used(),
              b.capacity());
        }
      }
      for (AuditEntry e : admin.audit(AuditQuery.latest().withLimit(10)).data()) {
        System.out.println(e.at() + " " + e.actor() + " " + e.action() + " " + e.target());
      }
    }
  }
}
