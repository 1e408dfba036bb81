package dev.feedline.core.port;

import dev.feedline.model.DeviceVersion;
import dev.feedline.model.OtaAction;
import dev.feedline.model.OtaRequest;
import dev.feedline.model.OtaRollout;
import dev.feedline.model.OtaScript;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IOTile OTA (issue 17): scripts, deployment requests, their per-device progress, actions and reported versions. */
public interface OtaRepository {
    /** CONFLICT when the org has a script of this name and version. */
    OtaScript createScript(OtaScript script);

    Optional<OtaScript> script(long id);

    Page<OtaScript> scripts(Collection<Long> orgIds, PageRequest page);

    /** Stores file key, size, checksum, released, released on and notes. */
    void updateScript(OtaScript script);

    void deleteScript(long id);

    OtaRequest createRequest(OtaRequest request);

    Optional<OtaRequest> request(long id);

    /** Requests of these orgs by id; fleetId narrows to one fleet, activeOnly to released and not completed ones. */
    Page<OtaRequest> requests(Collection<Long> orgIds, Long fleetId, boolean activeOnly, PageRequest page);

    /** Stores released on and completed on. */
    void updateRequest(OtaRequest request);

    void deleteRequest(long id);

    /** Adds the devices as targets of the request in state pending (those already targeted are kept as they are). */
    void addTargets(long requestId, Collection<Long> deviceIds, Instant now);

    /** Target states of the request by device id, in device order. */
    Map<Long, String> targets(long requestId);

    /** Target states of one device by request id. */
    Map<Long, String> targetsOf(long deviceId);

    void setTarget(long requestId, long deviceId, String state, Instant now);

    OtaAction createAction(OtaAction action);

    Optional<OtaAction> action(long id);

    /** Actions of these orgs' requests, narrowed to a request and/or a device when non-null, oldest first. */
    Page<OtaAction> actions(Collection<Long> orgIds, Long requestId, Long deviceId, PageRequest page);

    void updateAction(OtaAction action);

    /** Records a reported version; false when the device already has that (type, updated_ts). */
    boolean addVersion(DeviceVersion version, Instant now);

    /** The newest version of each type the devices reported, by device id. */
    Map<Long, List<DeviceVersion>> currentVersions(Collection<Long> deviceIds);

    // ---- staged rollout (issue 17, point 5)

    /** The rollout settings and state of a request (every request has them: running, no rate, no threshold by default). */
    Optional<OtaRollout> rollout(long requestId);

    void saveRollout(OtaRollout rollout);

    /** Ids of the released, not completed requests (their targets may still grow). */
    List<Long> openRequests();

    /** Released, not completed requests whose rollout is running and that have waiting targets or a failure threshold. */
    List<Long> runningRollouts();

    /** Up to limit targets of the request not given the deployment yet, in device order. */
    List<Long> waiting(long requestId, int limit);

    int waitingCount(long requestId);

    /** How many targets of the request were given the deployment after since. */
    int dispatchedSince(long requestId, Instant since);

    /** Marks the targets as given the deployment now. */
    void dispatch(long requestId, Collection<Long> deviceIds, Instant now);

    /** Whether the device is a target of the request that was given the deployment. */
    boolean dispatched(long requestId, long deviceId);
}
