# The tests known to take longest, with their seconds under ASan+UBSan (the slower pass), as ctest COST.
# ctest starts the costliest tests first when it runs them in parallel, so a long test never starts last
# and holds up the end of the run. After one run ctest uses the times it measured
# (Testing/Temporary/CTestCostData.txt); these figures matter for the first run of a build tree, which is
# every CI run. A renamed or removed test is ignored here (set_tests_properties skips a name ctest
# does not know); re-measure with `sort -k3 -rn build-asan/Testing/Temporary/CTestCostData.txt | head -30`.
# The integration suite's other tests (each starts processes) get a COST of 2 where it is discovered.
foreach(
  test_cost IN
  ITEMS "PostgresInstancesTest.ThreeInstances_OneKilledMidRun_TheOthersFinishItsWork=50"
        "PostgresInstancesTest.TwoInstances_500Sites_EachCrawledOncePerInterval_EveryAlertDeliveredOnce=30"
        "SharedInstancesTest.TwoProcesses_CrawlEachSiteOncePerInterval_AndEachHostOneRequestAtATime=30"
        "SharedInstancesTest.KilledProcess_AnotherTakesItsSitesAtTheirDueTime_NotEarlier=20"
        "pg.AlertFlood.ThousandNewMatchesInOneCrawl_AreOneSummaryAlertPerNotifier=15"
        "OutboxDigest.NotDueDigestRows_DoNotCrowdOutADueWebhookRow=22"
        "CommandsTest.MatchAndItemsMatch_SearchEveryStoredItem_NotOnlyTheNewest100000=20"
        "UrlProperty.LinkAndKeyAreFixedPointsAndKeepTheHostABrowserReads=14"
        "CrashTest.SigkillMidCrawl_RestartLosesNothingAndSendsNothingTwice=10"
        "SitemapSizeTest.FiftyThousandUrlsPastEightMegabytes_ReadByASitemapSite_StoresTheRecentOnes=9"
        "DeliveryTest.TwoXxWhileAnotherProcessHoldsTheWriteLock_IsRecordedLater_AndNeverPostedAgain=9"
        "DiscoverJsonFeed.NamedByThePage_ReadRankedFirst_AndItsBlockCrawls=6"
        "FeedHostile.TenMegabyteFeed_YieldsEveryEntry=6"
        "PipelineTest.EmailDigest_WaitsThenSendsOneMailForAllMatches=6"
        "DeliveryTest.HangingReceiver_TimesOut_AlertStaysPending=5"
        "SiteHealthTest.TwoSitesRefusingConnections_AreOneNetworkDownAlert_AndOneNetworkBack=5"
        "DiscoverSitemapTest.SitemapIndex_ReadThroughItsNewestChild_StaleChildrenNeverFetched=5"
        "RedirectPolicyTest.SilentRobotsTxt_TimesOutAtRequestTimeout=4"
        "ArticlePipelineTest.ArticleAnswering500OrTimingOut_AlertStillGoesOut_SayingTheBodyWasUnavailable=4"
        "DiscoverSitemapTest.GzipNewsSitemapInRobots_CountedAsTheSitemapExtractorReadsIt=4"
        "SiteHealthTest.PageSuddenlyYieldingNoItems_IsOneOperatorAlert_AndRecoveryOneMore=4"
        "DeliveryTest.RemovedNotifier_HoldsItsAlerts_ThenRetargetAndItsReturnDeliverThem=4"
        "ItemSearch.OnlyMatchIsTheOldestOfMoreThan100000Items_IsFound=4"
        "Hostile.ThreeHundredThousandNestedElements_AreRefusedNamingTheDepth=4"
        "SelectorDevtools.HasOverDeepNestingIsCappedNotQuadratic=4"
        "CurlMultiTest.CancelAll_AbandonsTransfersWithoutCallingHandlers=3"
        "Sitemap.FiftyThousandEntries_OnlyTheRecentOnesAreKept=3"
        "ArticleTextHostile.HugePage_TextIsCutAtTheBound=3")
  string(REPLACE "=" ";" test_cost "${test_cost}")
  list(GET test_cost 0 test_name)
  list(GET test_cost 1 cost)
  set_tests_properties("${test_name}" PROPERTIES COST ${cost})
endforeach()
# The multi-instance tests wait out crawl intervals and a lease's expiry: more than the suite's 120 s may pass
# under ASan on a busy machine.
set_tests_properties("PostgresInstancesTest.ThreeInstances_OneKilledMidRun_TheOthersFinishItsWork"
                     "PostgresInstancesTest.TwoInstances_500Sites_EachCrawledOncePerInterval_EveryAlertDeliveredOnce"
                     PROPERTIES TIMEOUT 400)
