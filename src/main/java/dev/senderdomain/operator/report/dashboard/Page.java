package dev.senderdomain.operator.report.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One dashboard view as data: where it is (breadcrumbs), its sections in order, and the time range
 * it covers. {@link HtmlPage} renders it, {@link CsvExport} writes one of its tables.
 *
 * @param crumbs the path to this view, each with its link (the last one without)
 */
record Page(String title, List<Crumb> crumbs, TimeRange range, List<Section> sections) {
  Page {
    crumbs = List.copyOf(crumbs);
    sections = List.copyOf(sections);
  }

  /** A part of a page: a table, or a fragment of HTML already escaped by the view that made it. */
  sealed interface Section permits Table, Fragment {}

  /** HTML built by a view (cards, the chart, the timeline); every value in it is escaped. */
  record Fragment(String html) implements Section {}

  record Crumb(String label, String href) {}

  Optional<Table> table(String id) {
    return sections.stream()
        .filter(s -> s instanceof Table t && t.id().equals(id))
        .map(Table.class::cast)
        .findFirst();
  }

  /** Collects sections in order. */
  static final class Builder {
    private final List<Section> sections = new ArrayList<>();

    Builder html(String html) {
      sections.add(new Fragment(html));
      return this;
    }

    Builder table(Table t) {
      sections.add(t);
      return this;
    }

    List<Section> sections() {
      return sections;
    }
  }
}
