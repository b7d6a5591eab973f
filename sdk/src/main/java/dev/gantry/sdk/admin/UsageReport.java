package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code GET /admin/v1/usage}: totals per group over UTC days, from the state store
 * (this gateway's counts are written first; other gateways' within a few seconds).
 *
 * @param from the first day
 * @param to the last day
 * @param groupBy what the totals are per
 * @param data one total per group
 * @param headers the answer's headers
 */
public record UsageReport(LocalDate from, LocalDate to, UsageGroupBy groupBy,
    List<UsageTotal> data, @JsonIgnore GantryHeaders headers) {

  /** Copies the list; replaces missing values with empty ones. */
  public UsageReport {
    data = data == null ? List.of() : List.copyOf(data);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** The total of one group, if it had usage. */
  public Optional<UsageTotal> group(String group) {
    return data.stream().filter(t -> t.group().equals(group)).findFirst();
  }

  UsageReport withHeaders(GantryHeaders headers) {
    return new UsageReport(from, to, groupBy, data, headers);
  }
}
