package dev.senderdomain.operator.dns.publish;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Sends the changes of many domains to one provider together: while one request is on its way, the
 * change sets of other reconciles queue up, and the next request carries as many of them as the
 * provider applies in one atomic request ({@link DnsProviderAdapter#appliesAtomically}: one RFC
 * 2136 UPDATE of one zone up to the message size, one Route 53 {@code ChangeResourceRecordSets} up
 * to its documented limits, one PowerDNS PATCH of one zone). This is group commit: nothing waits
 * for a timer, an idle provider gets each change at once, a busy or rate-limited one gets fewer,
 * larger requests.
 *
 * <p>A merged request succeeds or fails whole, and its failure does not say whose change caused it
 * (an RFC 2136 prerequisite fails the message with one response code, RFC 2136 3.2.5; Route 53
 * rejects the batch). So when a merged request fails for a reason that could belong to one change
 * (a concurrent edit, a rejected or refused change, a name outside the zone), its halves are sent
 * again, down to single change sets, and each caller gets its own result: one domain's conflict
 * never fails another's publish. A failure that belongs to the provider (unreachable, credentials
 * refused, rate limited) is every caller's failure and is not resent.
 *
 * <p>Change sets touching the same RRset are never merged: each must be planned against what the
 * other wrote.
 */
public final class ChangeBatcher {
  /** At most this many change sets in one request, and looked at when forming one. */
  static final int MAX_GROUP = 500;

  private final DnsProviderAdapter target;
  private final IntConsumer onRequest;
  private final Object lock = new Object();
  private final Deque<Pending> queue = new ArrayDeque<>();
  private boolean sending;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong changeSets = new AtomicLong();
  private final AtomicLong resent = new AtomicLong();

  /** One caller's change set and, once its request is answered, the outcome. */
  private static final class Pending {
    final ChangeSet changes;
    boolean done;
    Exception failure;

    Pending(ChangeSet changes) {
      this.changes = changes;
    }
  }

  public ChangeBatcher(DnsProviderAdapter target) {
    this(target, changeSets -> {});
  }

  /**
   * @param onRequest told, for every request sent, how many change sets it carried (metrics)
   */
  public ChangeBatcher(DnsProviderAdapter target, IntConsumer onRequest) {
    this.target = target;
    this.onRequest = onRequest;
  }

  /**
   * Applies {@code changes}, possibly in one request with other callers' changes; returns when they
   * are applied, or throws this change set's own failure.
   */
  public void apply(ChangeSet changes) throws DnsProviderException {
    if (changes.isEmpty()) {
      return;
    }
    changeSets.incrementAndGet();
    Pending mine = new Pending(changes);
    boolean interrupted = false;
    try {
      synchronized (lock) {
        queue.addLast(mine);
      }
      while (true) {
        List<Pending> snapshot;
        synchronized (lock) {
          while (!mine.done && sending) {
            try {
              lock.wait();
            } catch (InterruptedException e) {
              // The request carrying this change may already be on its way: wait for its outcome.
              interrupted = true;
            }
          }
          if (mine.done) {
            break;
          }
          // Only the sender takes from the queue, so what it chooses from the snapshot is still
          // there when it removes it.
          sending = true;
          snapshot = new ArrayList<>(queue.size() < MAX_GROUP ? queue.size() : MAX_GROUP);
          Iterator<Pending> it = queue.iterator();
          while (it.hasNext() && snapshot.size() < MAX_GROUP) {
            snapshot.add(it.next());
          }
        }
        send(group(snapshot));
      }
      rethrow(mine.failure);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The oldest waiting change set and every later one that can join it: touching none of the
   * group's RRsets, and the whole still applied in one atomic request.
   */
  private Group group(List<Pending> waiting) {
    List<Pending> group = new ArrayList<>();
    Pending first = waiting.get(0);
    group.add(first);
    ChangeSet all = first.changes;
    Set<RecordKey> keys = new HashSet<>(first.changes.keys());
    for (int i = 1; i < waiting.size(); i++) {
      ChangeSet next = waiting.get(i).changes;
      if (next.keys().stream().anyMatch(keys::contains)) {
        continue;
      }
      ChangeSet candidate = all.plus(next);
      if (target.appliesAtomically(candidate)) {
        group.add(waiting.get(i));
        all = candidate;
        keys.addAll(next.keys());
      }
    }
    return new Group(group, all);
  }

  /** Change sets sent in one request, and that request's changes (theirs, merged). */
  private record Group(List<Pending> members, ChangeSet changes) {
    Group(List<Pending> members) {
      this(members, merged(members));
    }

    private static ChangeSet merged(List<Pending> members) {
      ChangeSet all = members.get(0).changes;
      for (int i = 1; i < members.size(); i++) {
        all = all.plus(members.get(i).changes);
      }
      return all;
    }
  }

  /**
   * Sends the group as one request; outside the lock, as only the sender touches the group until it
   * is marked done.
   */
  private void send(Group group) {
    boolean answered = false;
    try {
      synchronized (lock) {
        Set<Pending> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        taken.addAll(group.members());
        queue.removeIf(taken::contains);
      }
      sendSplittingOnRefusal(group);
      answered = true;
    } finally {
      synchronized (lock) {
        for (Pending p : group.members()) {
          p.done = true;
          if (!answered && p.failure == null) {
            p.failure = new IllegalStateException("the request carrying this change failed");
          }
        }
        sending = false;
        lock.notifyAll();
      }
    }
  }

  /**
   * One request for the group; when it is refused for a reason that may be one member's, each half
   * is sent again, down to single change sets, so the refused one gets its refusal and the rest are
   * written at the cost of about two requests per halving, not one per member. The halves go one
   * after the other: the provider has just refused a burst, and it sees no more concurrent writes
   * from us than before.
   */
  private void sendSplittingOnRefusal(Group group) {
    List<Pending> members = group.members();
    requests.incrementAndGet();
    onRequest.accept(members.size());
    try {
      target.apply(group.changes());
    } catch (DnsProviderException | RuntimeException e) {
      if (members.size() == 1 || !belongsToOneChange(e)) {
        members.forEach(p -> p.failure = e);
        return;
      }
      resent.addAndGet(members.size());
      int half = members.size() / 2;
      sendSplittingOnRefusal(new Group(members.subList(0, half)));
      sendSplittingOnRefusal(new Group(members.subList(half, members.size())));
    }
  }

  /**
   * Whether a failed merged request may have failed for one member's change alone, so each is sent
   * again on its own; the rest (the provider unreachable, the credentials refused, the budget
   * spent) would fail every member the same way.
   */
  private static boolean belongsToOneChange(Exception failure) {
    if (!(failure instanceof DnsProviderException e)) {
      return true;
    }
    return switch (e.reason()) {
      case ConcurrentEdit, Rejected, Refused, ZoneNotFound -> true;
      case InvalidProvider,
          SecretNotFound,
          SecretUnreadable,
          Unauthorized,
          RateLimited,
          Unreachable,
          ServerFailure,
          ManualProvider ->
          false;
    };
  }

  private static void rethrow(Exception failure) throws DnsProviderException {
    if (failure == null) {
      return;
    }
    if (failure instanceof DnsProviderException e) {
      throw e;
    }
    throw (RuntimeException) failure;
  }

  /** Change sets waiting for a request (tests: to know the queue has formed). */
  public int waiting() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** Requests sent to the provider (merged ones and those resent alone). */
  public long requests() {
    return requests.get();
  }

  /** Change sets handed to {@link #apply}, not counting empty ones. */
  public long changeSets() {
    return changeSets.get();
  }

  /** Change sets sent again (in a half of their group) after their merged request was refused. */
  public long resent() {
    return resent.get();
  }
}
