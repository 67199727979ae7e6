# The tests known to take longest, with their seconds under ASan+UBSan (the slower pass, clang), as ctest COST.
# ctest starts the costliest tests first when it runs them in parallel, so a long test never starts last
# and holds up the end of the run. After one run ctest uses the times it measured
# (Testing/Temporary/CTestCostData.txt); these figures matter for the first run of a build tree, which is
# every CI run. A renamed or removed test is ignored here (set_tests_properties skips a name ctest
# does not know); re-measure with `sort -k3 -rn build-asan/Testing/Temporary/CTestCostData.txt | head -30`.
# The integration suite's other tests (each starts processes) get a COST of 2 where it is discovered.
foreach(
  test_cost IN
  ITEMS "pg.StoryIndex.GeneratedCorpus_GivesTheStoriesOfTheOldWindowScan=52"
        "SearchFoldSuperset.EveryCodePoint_InAWordAndBetweenWords_KeepsEveryMatcherPhrase=47"
        "Retention.Checkpoint_TruncatesTheWal_OnceAConcurrentReaderIsReleased=42"
        "SharedInstancesTest.TwoProcesses_CrawlEachSiteOncePerInterval_AndEachHostOneRequestAtATime=31"
        "PostgresInstancesTest.ThreeInstances_OneKilledMidRun_TheOthersFinishItsWork=31"
        "SharedInstancesTest.KilledProcess_AnotherTakesItsSitesAtTheirDueTime_NotEarlier=30"
        "PostgresInstancesTest.TwoInstances_500Sites_EachCrawledOncePerInterval_EveryAlertDeliveredOnce=29"
        "UrlProperty.LinkAndKeyAreFixedPointsAndKeepTheHostABrowserReads=29"
        "WatchIndexEquivalence.GeneratedWatchesAndItems_IndexedMatchEqualsEveryWatch=26"
        "CommandsTest.MatchAndItemsMatch_SearchEveryStoredItem_NotOnlyTheNewest100000=26"
        "StoryIndex.GeneratedCorpus_GivesTheStoriesOfTheOldWindowScan=24"
        "pg.StoryIndex.WordsCarriedByThousandsOfItems_AreReadNewestFirst_2000AtMost=21"
        "pg.OutboxDigest.NotDueDigestRows_DoNotCrowdOutADueWebhookRow=19"
        "PipelineBounds.SigtermWithAStoreBacklog_ExitsWithin10s_AndTheNextOnceStoresEverything=16"
        "FeedHostile.TenMegabyteFeed_YieldsEveryEntry=13"
        "SitemapSizeTest.FiftyThousandUrlsPastEightMegabytes_ReadByASitemapSite_StoresTheRecentOnes=12"
        "SelectorDevtools.HasOverDeepNestingIsCappedNotQuadratic=11"
        "AlertFlood.ThousandNewMatchesInOneCrawl_AreOneSummaryAlertPerNotifier=10"
        "CrashTest.SigkillMidCrawl_RestartLosesNothingAndSendsNothingTwice=10"
        "Hostile.ThreeHundredThousandNestedElements_AreRefusedNamingTheDepth=9"
        "Sitemap.FiftyThousandEntries_OnlyTheRecentOnesAreKept=9"
        "DeliveryTest.TwoXxWhileAnotherProcessHoldsTheWriteLock_IsRecordedLater_AndNeverPostedAgain=9"
        "StoryIndex.WordsCarriedByThousandsOfItems_AreReadNewestFirst_2000AtMost=9"
        "pg.AlertFlood.ThousandNewMatchesInOneCrawl_AreOneSummaryAlertPerNotifier=7"
        "MatchHostile.MegabyteBody_MatchesAndSnippetsWithLinearWork=7"
        "pg.ItemSearch.OnlyMatchIsTheOldestOfMoreThan100000Items_IsFound=7"
        "SiteHealthScale.AmongTwentyThousandHealthySites_OnlyTheBrokenOneDegrades_AndRecovers=7"
        "RobotsCacheBound.HundredThousandOneOffOrigins_NeverHoldMoreThanTheCap=6"
        "DiscoverJsonFeed.NamedByThePage_ReadRankedFirst_AndItsBlockCrawls=6"
        "PipelineTest.EmailDigest_WaitsThenSendsOneMailForAllMatches=6"
        "ArticleTextHostile.HugePage_TextIsCutAtTheBound=5"
        "SiteHealthScale.AnOutageOf20000Sites_IsOneNetworkDown_CoveringEverySite_AndOneNetworkBack=5"
        "DiscoverSitemapTest.SitemapIndex_ReadThroughItsNewestChild_StaleChildrenNeverFetched=5"
        "DeliveryTest.HangingReceiver_TimesOut_AlertStaysPending=5"
        "RedirectPolicyTest.SilentRobotsTxt_TimesOutAtRequestTimeout=4"
        "SiteHealthTest.TwoSitesRefusingConnections_AreOneNetworkDownAlert_AndOneNetworkBack=4")
  string(REPLACE "=" ";" test_cost "${test_cost}")
  list(GET test_cost 0 test_name)
  list(GET test_cost 1 cost)
  set_tests_properties("${test_name}" PROPERTIES COST ${cost})
endforeach()
# The multi-instance tests wait out crawl intervals and a lease's expiry, and three tests compute for ~50 s
# under ASan alone: with four tests sharing two cores they take 2-3 times that, more than the suite's 120 s
# (SearchFoldSuperset timed out so in a clean-clone CI run).
set_tests_properties("PostgresInstancesTest.ThreeInstances_OneKilledMidRun_TheOthersFinishItsWork"
                     "PostgresInstancesTest.TwoInstances_500Sites_EachCrawledOncePerInterval_EveryAlertDeliveredOnce"
                     "SearchFoldSuperset.EveryCodePoint_InAWordAndBetweenWords_KeepsEveryMatcherPhrase"
                     "pg.StoryIndex.GeneratedCorpus_GivesTheStoriesOfTheOldWindowScan"
                     "Retention.Checkpoint_TruncatesTheWal_OnceAConcurrentReaderIsReleased"
                     PROPERTIES TIMEOUT 400)
