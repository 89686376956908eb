//! What the simulated `kubectl` prints, as snapshots (`UPDATE_EXPECT=1` to refresh): the
//! tables, `-o wide|yaml|name`, `describe`, events, and the DNS tools, on the state the
//! scenarios' SETUP-3 reaches, then after a deletion.

use expect_test::{expect, Expect};
use ordinal_core::sim::script::{self, Runner};
use ordinal_core::sim::{Input, SimConfig, Simulation};

const SETUP: &str = r#"
kubectl apply -f b-svc.yaml
kubectl apply -f b-sts.yaml
ready web-0
advance 10s
ready web-1
advance 5s
ready web-2
advance 1m
"#;

fn runner() -> Runner {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/manifests");
    let mut load = |f: &str| std::fs::read_to_string(dir.join(f)).map_err(|e| e.to_string());
    let mut r = Runner::new(SimConfig::manual(), 11);
    for c in script::parse(SETUP).unwrap() {
        let step = r.run(&c, &mut load);
        assert!(step.error.is_none(), "{step:?}");
    }
    r
}

#[track_caller]
fn check(r: &mut Runner, command: &str, expect: Expect) {
    let cmd = script::parse_command(command).unwrap();
    let step = r.run(&cmd, &mut |_| Err("no files".into()));
    let text = match (step.output, step.error) {
        (Some(o), None) => o,
        (o, e) => format!("{}{}", o.unwrap_or_default(), e.map(|e| format!("error: {e}\n")).unwrap_or_default()),
    };
    expect.assert_eq(&text);
}

#[test]
fn tables() {
    let mut r = runner();
    check(&mut r, "kubectl get pods", expect![[r#"
        NAME    READY   STATUS    RESTARTS   AGE
        web-0   1/1     Running   0          75s
        web-1   1/1     Running   0          75s
        web-2   1/1     Running   0          65s
    "#]]);
    check(&mut r, "kubectl get pods -o wide", expect![[r#"
        NAME    READY   STATUS    RESTARTS   AGE   IP            NODE     NOMINATED NODE   READINESS GATES
        web-0   1/1     Running   0          75s   10.244.8.26   node-2   <none>           <none>
        web-1   1/1     Running   0          75s   10.244.7.12   node-1   <none>           <none>
        web-2   1/1     Running   0          65s   10.244.9.21   node-3   <none>           <none>
    "#]]);
    check(&mut r, "kubectl get pvc", expect![[r#"
        NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
        www-web-0   Bound    pvc-e9258a77-8041-4254-b7e6-807a94eef44d   1Gi        RWO            standard       <unset>                 75s
        www-web-1   Bound    pvc-e8cba874-9242-442e-a400-ab22687d3af6   1Gi        RWO            standard       <unset>                 75s
        www-web-2   Bound    pvc-0257d1ca-7555-4a6d-b4b5-527a5bfa3ab7   1Gi        RWO            standard       <unset>                 65s
    "#]]);
    check(&mut r, "kubectl get pv", expect![[r#"
        NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
        pvc-0257d1ca-7555-4a6d-b4b5-527a5bfa3ab7   1Gi        RWO            Delete           Bound    default/www-web-2   standard       <unset>                          65s
        pvc-e8cba874-9242-442e-a400-ab22687d3af6   1Gi        RWO            Delete           Bound    default/www-web-1   standard       <unset>                          75s
        pvc-e9258a77-8041-4254-b7e6-807a94eef44d   1Gi        RWO            Delete           Bound    default/www-web-0   standard       <unset>                          75s
    "#]]);
    check(&mut r, "kubectl get sts -o wide", expect![[r#"
        NAME   READY   AGE   CONTAINERS   IMAGES
        web    3/3     75s   nginx        registry.k8s.io/nginx-slim:0.8
    "#]]);
    check(&mut r, "kubectl get svc -o wide", expect![[r#"
        NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR
        nginx   ClusterIP   None         <none>        80/TCP    75s   app=nginx
    "#]]);
    check(&mut r, "kubectl get endpoints", expect![[r#"
        NAME    ENDPOINTS                                      AGE
        nginx   10.244.7.12:80,10.244.8.26:80,10.244.9.21:80   75s
    "#]]);
    check(&mut r, "kubectl get endpointslices", expect![[r#"
        NAME          ADDRESSTYPE   PORTS   ENDPOINTS                             AGE
        nginx-d4m8g   IPv4          80      10.244.8.26,10.244.7.12,10.244.9.21   75s
    "#]]);
    check(&mut r, "kubectl get pods -o name", expect![[r#"
        pod/web-0
        pod/web-1
        pod/web-2
    "#]]);
    check(&mut r, "kubectl get pod web-9", expect![[r#"
        error: pods "web-9" not found
    "#]]);
    check(&mut r, "kubectl get pods -n kube-system", expect![[r#"
        No resources found in kube-system namespace.
    "#]]);
    check(&mut r, "kubectl get pvc -l app=nginx -o name", expect![[r#"
        persistentvolumeclaim/www-web-0
        persistentvolumeclaim/www-web-1
        persistentvolumeclaim/www-web-2
    "#]]);
    check(&mut r, "kubectl get events --field-selector involvedObject.name=web", expect![[r#"
        LAST SEEN   TYPE     REASON             OBJECT            MESSAGE
        75s         Normal   SuccessfulCreate   statefulset/web   create Claim www-web-0 Pod web-0 in StatefulSet web success
        75s         Normal   SuccessfulCreate   statefulset/web   create Pod web-0 in StatefulSet web successful
        75s         Normal   SuccessfulCreate   statefulset/web   create Claim www-web-1 Pod web-1 in StatefulSet web success
        75s         Normal   SuccessfulCreate   statefulset/web   create Pod web-1 in StatefulSet web successful
        65s         Normal   SuccessfulCreate   statefulset/web   create Claim www-web-2 Pod web-2 in StatefulSet web success
        65s         Normal   SuccessfulCreate   statefulset/web   create Pod web-2 in StatefulSet web successful
    "#]]);
}

#[test]
fn describe() {
    let mut r = runner();
    check(&mut r, "kubectl describe pod web-1", expect![[r#"
        Name:             web-1
        Namespace:        default
        Priority:         0
        Service Account:  default
        Node:             node-1/172.18.0.2
        Start Time:       Thu, 01 Jan 2026 00:00:10 +0000
        Labels:           app=nginx
                          apps.kubernetes.io/pod-index=1
                          controller-revision-hash=web-7bc744b9d8
                          statefulset.kubernetes.io/pod-name=web-1
        Annotations:      <none>
        Status:           Running
        IP:               10.244.7.12
        IPs:
          IP:           10.244.7.12
        Controlled By:  StatefulSet/web
        Containers:
          nginx:
            Container ID:   containerd://5ac45d0cef1ee7d340a66f1ee400720df9b3144054e87ef7a0ff40e253d3bdf1
            Image:          registry.k8s.io/nginx-slim:0.8
            Image ID:       registry.k8s.io/nginx-slim@sha256:e3afb5b01d9b9a27c2f3355236dc6e217e01c3c420c7b3bb555f7156bb3ff455
            Port:           80/TCP (web)
            Host Port:      0/TCP (web)
            State:          Running
              Started:      Thu, 01 Jan 2026 00:00:10 +0000
            Ready:          True
            Restart Count:  0
            Environment:    <none>
            Mounts:
              /usr/share/nginx/html from www (rw)
              /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-vp7hk (ro)
        Conditions:
          Type                        Status
          PodReadyToStartContainers   True 
          Initialized                 True 
          Ready                       True 
          ContainersReady             True 
          PodScheduled                True 
        Volumes:
          www:
            Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
            ClaimName:  www-web-1
            ReadOnly:   false
          kube-api-access-vp7hk:
            Type:                    Projected (a volume that contains injected data from multiple sources)
            TokenExpirationSeconds:  3607
            ConfigMapName:           kube-root-ca.crt
            Optional:                false
            DownwardAPI:             true
        QoS Class:                   BestEffort
        Node-Selectors:              <none>
        Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                     node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
        Events:
          Type    Reason                  Age   From                     Message
          ----    ------                  ----  ----                     -------
          Normal  Scheduled               75s   default-scheduler        Successfully assigned default/web-1 to node-1
          Normal  SuccessfulAttachVolume  75s   attachdetach-controller  AttachVolume.Attach succeeded for volume "pvc-e8cba874-9242-442e-a400-ab22687d3af6"
          Normal  Created                 65s   kubelet                  spec.containers{nginx}: Created container: nginx
          Normal  Started                 65s   kubelet                  spec.containers{nginx}: Started container nginx
    "#]]);
    check(&mut r, "kubectl describe sts web", expect![[r#"
        Name:               web
        Namespace:          default
        CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
        Selector:           app=nginx
        Labels:             <none>
        Annotations:        <none>
        Replicas:           3 desired | 3 total
        Update Strategy:    RollingUpdate
          Partition:        0
        Pods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed
        Pod Template:
          Labels:  app=nginx
          Containers:
           nginx:
            Image:        registry.k8s.io/nginx-slim:0.8
            Port:         80/TCP (web)
            Host Port:    0/TCP (web)
            Environment:  <none>
            Mounts:
              /usr/share/nginx/html from www (rw)
          Volumes:         <none>
          Node-Selectors:  <none>
          Tolerations:     <none>
        Volume Claims:
          Name:          www
          StorageClass:  
          Labels:        <none>
          Annotations:   <none>
          Capacity:      1Gi
          Access Modes:  [ReadWriteOnce]
        Events:
          Type    Reason            Age   From                    Message
          ----    ------            ----  ----                    -------
          Normal  SuccessfulCreate  75s   statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success
          Normal  SuccessfulCreate  75s   statefulset-controller  create Pod web-0 in StatefulSet web successful
          Normal  SuccessfulCreate  75s   statefulset-controller  create Claim www-web-1 Pod web-1 in StatefulSet web success
          Normal  SuccessfulCreate  75s   statefulset-controller  create Pod web-1 in StatefulSet web successful
          Normal  SuccessfulCreate  65s   statefulset-controller  create Claim www-web-2 Pod web-2 in StatefulSet web success
          Normal  SuccessfulCreate  65s   statefulset-controller  create Pod web-2 in StatefulSet web successful
    "#]]);
    check(&mut r, "kubectl describe pvc www-web-0", expect![[r#"
        Name:          www-web-0
        Namespace:     default
        StorageClass:  standard
        Status:        Bound
        Volume:        pvc-e9258a77-8041-4254-b7e6-807a94eef44d
        Labels:        app=nginx
        Annotations:   pv.kubernetes.io/bind-completed: yes
                       pv.kubernetes.io/bound-by-controller: yes
                       volume.beta.kubernetes.io/storage-provisioner: ebs.csi.aws.com
                       volume.kubernetes.io/storage-provisioner: ebs.csi.aws.com
        Finalizers:    [kubernetes.io/pvc-protection]
        Capacity:      1Gi
        Access Modes:  RWO
        VolumeMode:    Filesystem
        Used By:       web-0
        Events:
          Type    Reason                 Age   From                                                                                     Message
          ----    ------                 ----  ----                                                                                     -------
          Normal  ExternalProvisioning   75s   persistentvolume-controller                                                              Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
          Normal  Provisioning           75s   ebs.csi.aws.com_ebs-csi-controller-6f8c9d7b5-x2k4p_3f1c9a52-8d0e-4b7a-9c61-2e5d7f0a4b18  External provisioner is provisioning volume for claim "default/www-web-0"
          Normal  ProvisioningSucceeded  75s   ebs.csi.aws.com_ebs-csi-controller-6f8c9d7b5-x2k4p_3f1c9a52-8d0e-4b7a-9c61-2e5d7f0a4b18  Successfully provisioned volume pvc-e9258a77-8041-4254-b7e6-807a94eef44d
    "#]]);
    check(&mut r, "kubectl describe svc nginx", expect![[r#"
        Name:                     nginx
        Namespace:                default
        Labels:                   app=nginx
        Annotations:              <none>
        Selector:                 app=nginx
        Type:                     ClusterIP
        IP Family Policy:         SingleStack
        IP Families:              IPv4
        IP:                       None
        IPs:                      None
        Port:                     web  80/TCP
        TargetPort:               80/TCP
        Endpoints:                10.244.8.26:80,10.244.7.12:80,10.244.9.21:80
        Session Affinity:         None
        Internal Traffic Policy:  Cluster
        Events:                   <none>
    "#]]);
}

#[test]
fn dns_tools() {
    let mut r = runner();
    check(&mut r, "nslookup web-0.nginx", expect![[r#"
        Server:		10.96.0.10
        Address:	10.96.0.10:53

        Name:	web-0.nginx.default.svc.cluster.local
        Address: 10.244.8.26

    "#]]);
    check(&mut r, "nslookup nginx.default.svc.cluster.local", expect![[r#"
        Server:		10.96.0.10
        Address:	10.96.0.10:53

        Name:	nginx.default.svc.cluster.local
        Address: 10.244.8.26
        Name:	nginx.default.svc.cluster.local
        Address: 10.244.7.12
        Name:	nginx.default.svc.cluster.local
        Address: 10.244.9.21

    "#]]);
    check(&mut r, "nslookup web-7.nginx", expect![[r#"
        Server:		10.96.0.10
        Address:	10.96.0.10:53

        ** server can't find web-7.nginx: NXDOMAIN

    "#]]);
    check(&mut r, "dig SRV _web._tcp.nginx.default.svc.cluster.local", expect![[r#"
        ; <<>> DiG 9.18.33 <<>> SRV _web._tcp.nginx.default.svc.cluster.local
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 20228
        ;; flags: qr aa rd; QUERY: 1, ANSWER: 3, AUTHORITY: 0, ADDITIONAL: 4
        ;; WARNING: recursion requested but not available

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags:; udp: 1232
        ;; QUESTION SECTION:
        ;_web._tcp.nginx.default.svc.cluster.local.			IN	SRV

        ;; ANSWER SECTION:
        _web._tcp.nginx.default.svc.cluster.local.	5	IN	SRV	0 33 80 web-0.nginx.default.svc.cluster.local.
        _web._tcp.nginx.default.svc.cluster.local.	5	IN	SRV	0 33 80 web-1.nginx.default.svc.cluster.local.
        _web._tcp.nginx.default.svc.cluster.local.	5	IN	SRV	0 33 80 web-2.nginx.default.svc.cluster.local.

        ;; ADDITIONAL SECTION:
        web-0.nginx.default.svc.cluster.local.	5	IN	A	10.244.8.26
        web-1.nginx.default.svc.cluster.local.	5	IN	A	10.244.7.12
        web-2.nginx.default.svc.cluster.local.	5	IN	A	10.244.9.21

        ;; Query time: 0 msec
        ;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
        ;; WHEN: Thu Jan 01 00:01:15 UTC 2026
        ;; MSG SIZE  rcvd: 487
    "#]]);
    check(&mut r, "dig +short web-2.nginx.default.svc.cluster.local", expect![[r#"
        10.244.9.21
    "#]]);
    check(&mut r, "dig nginx.default.svc.cluster.local", expect![[r#"
        ; <<>> DiG 9.18.33 <<>> nginx.default.svc.cluster.local
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 49787
        ;; flags: qr aa rd; QUERY: 1, ANSWER: 3, AUTHORITY: 0, ADDITIONAL: 1
        ;; WARNING: recursion requested but not available

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags:; udp: 1232
        ;; QUESTION SECTION:
        ;nginx.default.svc.cluster.local.			IN	A

        ;; ANSWER SECTION:
        nginx.default.svc.cluster.local.	5	IN	A	10.244.8.26
        nginx.default.svc.cluster.local.	5	IN	A	10.244.7.12
        nginx.default.svc.cluster.local.	5	IN	A	10.244.9.21

        ;; Query time: 0 msec
        ;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
        ;; WHEN: Thu Jan 01 00:01:15 UTC 2026
        ;; MSG SIZE  rcvd: 222
    "#]]);
}

#[test]
fn watch_after_a_deletion() {
    let mut r = runner();
    check(&mut r, "kubectl get sts -w", expect![[r#"
        NAME   READY   AGE
        web    0/3     0s
        web    0/3     0s
        web    1/3     0s
        web    1/3     0s
        web    2/3     10s
        web    2/3     10s
        web    3/3     15s
    "#]]);
    for c in ["kubectl delete pod web-1", "advance 3s", "finish web-1", "start web-1", "advance 2s", "ready web-1"] {
        r.run(&script::parse_command(c).unwrap(), &mut |_| Err(String::new()));
    }
    check(&mut r, "kubectl get pods -w", expect![[r#"
        NAME    READY   STATUS    RESTARTS   AGE
        web-0   0/1     Pending   0          0s
        web-0   0/1     Pending   0          0s
        web-0   0/1     ContainerCreating   0          0s
        web-0   0/1     Running             0          0s
        web-0   1/1     Running             0          0s
        web-1   0/1     Pending             0          0s
        web-1   0/1     Pending             0          0s
        web-1   0/1     ContainerCreating   0          10s
        web-1   0/1     Running             0          10s
        web-1   1/1     Running             0          10s
        web-2   0/1     Pending             0          0s
        web-2   0/1     Pending             0          0s
        web-2   0/1     ContainerCreating   0          5s
        web-2   0/1     Running             0          5s
        web-2   1/1     Running             0          5s
        web-1   1/1     Terminating         0          75s
        web-1   0/1     Terminating         0          78s
        web-1   0/1     Completed           0          78s
        web-1   0/1     Completed           0          78s
        web-1   0/1     Pending             0          0s
        web-1   0/1     Pending             0          0s
        web-1   0/1     ContainerCreating   0          0s
        web-1   0/1     Running             0          0s
        web-1   1/1     Running             0          2s
    "#]]);
    check(&mut r, "kubectl get pvc -w", expect![[r#"
        NAME        STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
        www-web-0   Pending                                      standard       <unset>                 0s
        www-web-0   Pending                                      standard       <unset>                 0s
        www-web-0   Bound     pvc-e9258a77-8041-4254-b7e6-807a94eef44d   1Gi        RWO            standard       <unset>                 0s
        www-web-1   Pending                                                                        standard       <unset>                 0s
        www-web-1   Pending                                                                        standard       <unset>                 0s
        www-web-1   Bound     pvc-e8cba874-9242-442e-a400-ab22687d3af6   1Gi        RWO            standard       <unset>                 0s
        www-web-2   Pending                                                                        standard       <unset>                 0s
        www-web-2   Pending                                                                        standard       <unset>                 0s
        www-web-2   Bound     pvc-0257d1ca-7555-4a6d-b4b5-527a5bfa3ab7   1Gi        RWO            standard       <unset>                 0s
    "#]]);
}

#[test]
fn yaml_reads_back_and_looks_like_kubectls() {
    let mut r = runner();
    for (command, kind) in [("kubectl get pod web-0 -o yaml", "Pod"), ("kubectl get sts web -o yaml", "StatefulSet"), ("kubectl get pvc www-web-0 -o yaml", "PersistentVolumeClaim"), ("kubectl get svc nginx -o yaml", "Service")] {
        let cmd = script::parse_command(command).unwrap();
        let out = r.run(&cmd, &mut |_| Err(String::new())).output.unwrap();
        let parse = ordinal_core::yaml::parse(&out);
        assert!(parse.errors.is_empty(), "{command}: {:?}\n{out}", parse.errors);
        let doc = &parse.documents[0];
        assert_eq!(doc.kind(), Some(kind), "{out}");
        assert!(out.contains("creationTimestamp: \""), "{out}");
    }
    check(&mut r, "kubectl get pod web-0 -o yaml", expect![[r#"
        apiVersion: v1
        kind: Pod
        metadata:
          creationTimestamp: "2026-01-01T00:00:00Z"
          labels:
            app: nginx
            apps.kubernetes.io/pod-index: "0"
            controller-revision-hash: web-7bc744b9d8
            statefulset.kubernetes.io/pod-name: web-0
          name: web-0
          namespace: default
          ownerReferences:
          - apiVersion: apps/v1
            blockOwnerDeletion: true
            controller: true
            kind: StatefulSet
            name: web
            uid: f89bc83c-3798-4643-b3b3-88fdfef45741
          resourceVersion: "1018"
          uid: c9c672c6-2f9d-4b46-ad6e-597759599f78
        spec:
          containers:
          - image: registry.k8s.io/nginx-slim:0.8
            imagePullPolicy: IfNotPresent
            name: nginx
            ports:
            - containerPort: 80
              name: web
              protocol: TCP
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
            volumeMounts:
            - mountPath: /usr/share/nginx/html
              name: www
            - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
              name: kube-api-access-42qw8
              readOnly: true
          dnsPolicy: ClusterFirst
          enableServiceLinks: true
          hostname: web-0
          nodeName: node-2
          preemptionPolicy: PreemptLowerPriority
          priority: 0
          restartPolicy: Always
          schedulerName: default-scheduler
          securityContext: {}
          serviceAccount: default
          serviceAccountName: default
          subdomain: nginx
          terminationGracePeriodSeconds: 10
          tolerations:
          - effect: NoExecute
            key: node.kubernetes.io/not-ready
            operator: Exists
            tolerationSeconds: 300
          - effect: NoExecute
            key: node.kubernetes.io/unreachable
            operator: Exists
            tolerationSeconds: 300
          volumes:
          - name: www
            persistentVolumeClaim:
              claimName: www-web-0
          - name: kube-api-access-42qw8
            projected:
              defaultMode: 420
              sources:
              - serviceAccountToken:
                  expirationSeconds: 3607
                  path: token
              - configMap:
                  items:
                  - key: ca.crt
                    path: ca.crt
                  name: kube-root-ca.crt
              - downwardAPI:
                  items:
                  - fieldRef:
                      apiVersion: v1
                      fieldPath: metadata.namespace
                    path: namespace
        status:
          conditions:
          - lastTransitionTime: "2026-01-01T00:00:00Z"
            status: "True"
            type: PodReadyToStartContainers
          - lastTransitionTime: "2026-01-01T00:00:00Z"
            status: "True"
            type: Initialized
          - lastTransitionTime: "2026-01-01T00:00:00Z"
            status: "True"
            type: Ready
          - lastTransitionTime: "2026-01-01T00:00:00Z"
            status: "True"
            type: ContainersReady
          - lastTransitionTime: "2026-01-01T00:00:00Z"
            status: "True"
            type: PodScheduled
          containerStatuses:
          - containerID: containerd://f398fc9a13d5385991a72a2c7627fd7373f3623ec62339ad96735560378ff817
            image: registry.k8s.io/nginx-slim:0.8
            imageID: registry.k8s.io/nginx-slim@sha256:e3afb5b01d9b9a27c2f3355236dc6e217e01c3c420c7b3bb555f7156bb3ff455
            lastState: {}
            name: nginx
            ready: true
            restartCount: 0
            started: true
            state:
              running:
                startedAt: "2026-01-01T00:00:00Z"
          hostIP: "172.18.0.3"
          hostIPs:
          - ip: "172.18.0.3"
          phase: Running
          podIP: "10.244.8.26"
          podIPs:
          - ip: "10.244.8.26"
          qosClass: BestEffort
          startTime: "2026-01-01T00:00:00Z"
    "#]]);
}

#[test]
fn the_pod_quota_bounds_a_runaway_scale() {
    let mut config = SimConfig::manual();
    config.max_pods = 5;
    let mut sim = Simulation::new(config, 3);
    let manifest = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/manifests/b-sts-parallel.yaml")).unwrap();
    sim.handle(Input::Apply { manifest, source: "sts".into(), namespace: None, validate: Default::default() });
    sim.handle(Input::Scale { resource: ordinal_core::sim::views::Resource::StatefulSets, namespace: "default".into(), name: "web".into(), replicas: i32::MAX });
    sim.settle();
    assert_eq!(sim.snapshot().pods.len(), 5);
    let quota = sim.snapshot().events.iter().find(|e| e.reason == "FailedCreate").expect("a FailedCreate event");
    assert!(quota.message.contains("exceeded quota"), "{}", quota.message);
}
