#include "ApiClient.h"
#include "Habilitation.h"
#include "referent/HabilitationRequestsModel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {

/// A request as the server answers it: the status's French label and the référent's actions, from
/// the shared status table (common/Habilitation) the server uses.
QJsonObject serverRequest(qint64 id, Habilitation::Status status)
{
    QJsonArray actions;
    for (const Habilitation::Action action : Habilitation::referentActions(status))
        actions.append(Habilitation::code(action));
    return { { QStringLiteral("id"), id }, { QStringLiteral("first_name"), QStringLiteral("Mathilde") },
        { QStringLiteral("last_name"), QStringLiteral("Loarec") },
        { QStringLiteral("email"), QStringLiteral("mathilde.loarec@example.org") },
        { QStringLiteral("profession"), QStringLiteral("Conseillère numérique") },
        { QStringLiteral("conseiller_numerique"), true },
        { QStringLiteral("status"), Habilitation::code(status) },
        { QStringLiteral("status_label"), Habilitation::label(status) },
        { QStringLiteral("actions"), actions } };
}

QJsonObject session(qint64 id, bool selected)
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("organisme"), QStringLiteral("Mednum") },
        { QStringLiteral("dates_label"), QStringLiteral("Le %1 mai 2027").arg(id) },
        { QStringLiteral("duration_label"), QStringLiteral("7h") },
        { QStringLiteral("format_label"), QStringLiteral("Présentiel") },
        { QStringLiteral("place"), QStringLiteral("Lens") }, { QStringLiteral("selected"), selected } };
}

} // namespace

/// « Demandes d'habilitation en cours »: the state shown is the server's label, the buttons are the
/// answer's actions (seed 004 and docs/habilitation.md); « Formation de … »: one session selected.
class TestHabilitationRequestsModel final : public QObject
{
    Q_OBJECT

private slots:
    void statusLabelGivesTheButtons_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("label");
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<bool>("registerTraining");
        QTest::addColumn<QString>("actionsText");
        const QString both = QStringLiteral("Annuler la demande, Inscrire à une formation");
        const QString cancelOnly = QStringLiteral("Annuler la demande");
        const QString none = QStringLiteral("Aucune");
        // Seed 004's table and the reference's rules.
        QTest::newRow("waiting list") << "waiting_list"
                                      << "Liste d'attente" << true << false << cancelOnly;
        QTest::newRow("new") << "new"
                             << "Nouvelle" << true << false << cancelOnly;
        QTest::newRow("processing") << "processing"
                                    << "Éligibilité validée" << true << true << both;
        QTest::newRow("peer to peer") << "processing_p2p"
                                      << "En cours (entre pairs)" << true << true << both;
        QTest::newRow("validated") << "validated"
                                   << "Validée" << true << true << both;
        QTest::newRow("refused") << "refused"
                                 << "Refusée" << false << false << none;
        QTest::newRow("cancelled") << "cancelled"
                                   << "Annulée" << false << false << none;
        QTest::newRow("cancelled by référent") << "cancelled_by_referent"
                                               << "Annulée par le référent" << false << false << none;
    }

    void statusLabelGivesTheButtons()
    {
        QFETCH(QString, status);
        QFETCH(QString, label);
        QFETCH(bool, cancel);
        QFETCH(bool, registerTraining);
        QFETCH(QString, actionsText);
        const std::optional<Habilitation::Status> code = Habilitation::statusFromCode(status);
        QVERIFY(code.has_value());
        HabilitationRequestsModel model;
        model.setRequests({ ApiClient::HabilitationRequest::fromJson(serverRequest(7, *code)) });
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, HabilitationRequestsModel::StatusColumn).data().toString(), label);
        QCOMPARE(model.index(0, HabilitationRequestsModel::NameColumn).data().toString(),
            QStringLiteral("Mathilde Loarec"));
        QCOMPARE(model.index(0, HabilitationRequestsModel::ProfessionColumn).data().toString(),
            QStringLiteral("Conseillère numérique"));
        QCOMPARE(model.index(0, 0).data(HabilitationRequestsModel::CanCancelRole).toBool(), cancel);
        QCOMPARE(
            model.index(0, 0).data(HabilitationRequestsModel::CanRegisterRole).toBool(), registerTraining);
        QCOMPARE(model.index(0, HabilitationRequestsModel::ActionsColumn).data().toString(), actionsText);
        QCOMPARE(model.index(0, 0).data(HabilitationRequestsModel::RequestIdRole).toLongLong(), 7);
    }

    /// The buttons follow the answer's actions, not a status table of the client's own.
    void theAnswersActionsWin()
    {
        QJsonObject json = serverRequest(3, Habilitation::Status::Processing);
        json.insert(QStringLiteral("actions"), QJsonArray());
        HabilitationRequestsModel model;
        model.setRequests({ ApiClient::HabilitationRequest::fromJson(json) });
        QVERIFY(!model.index(0, 0).data(HabilitationRequestsModel::CanCancelRole).toBool());
        QVERIFY(!model.index(0, 0).data(HabilitationRequestsModel::CanRegisterRole).toBool());
        QCOMPARE(model.headerData(HabilitationRequestsModel::StatusColumn, Qt::Horizontal).toString(),
            QStringLiteral("État de la demande"));
    }

    void structureChangeCancelOnlyWhileNew_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("cancel");
        for (const Habilitation::ChangeStatus status : Habilitation::allChangeStatuses())
            QTest::newRow(qPrintable(Habilitation::code(status)))
                << Habilitation::code(status) << (status == Habilitation::ChangeStatus::New);
    }

    void structureChangeCancelOnlyWhileNew()
    {
        QFETCH(QString, status);
        QFETCH(bool, cancel);
        const auto code = Habilitation::changeStatusFromCode(status);
        QVERIFY(code.has_value());
        QJsonArray actions;
        if (Habilitation::apply(
                *code, Habilitation::ChangeAction::CancelByReferent, Habilitation::Actor::Referent)
                .allowed)
            actions.append(QStringLiteral("cancel_by_referent"));
        StructureChangesModel model;
        model.setChanges({ ApiClient::StructureChange::fromJson(
            { { QStringLiteral("id"), 4 }, { QStringLiteral("email"), QStringLiteral("a@example.org") },
                { QStringLiteral("status"), status },
                { QStringLiteral("status_label"), Habilitation::label(*code) },
                { QStringLiteral("actions"), actions } }) });
        QCOMPARE(model.index(0, StructureChangesModel::StatusColumn).data().toString(),
            Habilitation::label(*code));
        QCOMPARE(model.index(0, 0).data(StructureChangesModel::CanCancelRole).toBool(), cancel);
        QCOMPARE(model.index(0, StructureChangesModel::NewEmailColumn).data().toString(),
            QStringLiteral("Inchangé"));
    }

    /// A radio button: the server's selection pre-checked, one checked at most, no unchecking.
    void oneSessionSelected()
    {
        TrainingSessionsModel model;
        QSignalSpy changed(&model, &TrainingSessionsModel::selectionChanged);
        model.setSessions({ ApiClient::TrainingSession::fromJson(session(11, false)),
            ApiClient::TrainingSession::fromJson(session(12, true)),
            ApiClient::TrainingSession::fromJson(session(13, false)) });
        QCOMPARE(model.selectedId(), 12);
        QCOMPARE(model.selectedRow(), 1);
        auto checked = [&model](int row) {
            return model.index(row, TrainingSessionsModel::SelectionColumn).data(Qt::CheckStateRole).toInt()
                == Qt::Checked;
        };
        QVERIFY(!checked(0) && checked(1) && !checked(2));
        QVERIFY(model.setData(
            model.index(2, TrainingSessionsModel::SelectionColumn), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(model.selectedId(), 13);
        QVERIFY(!checked(0) && !checked(1) && checked(2));
        QVERIFY(!model.setData(
            model.index(2, TrainingSessionsModel::SelectionColumn), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(model.selectedId(), 13);
        QVERIFY(changed.count() >= 2);
        QCOMPARE(model.index(0, TrainingSessionsModel::DatesColumn).data().toString(),
            QStringLiteral("Le 11 mai 2027"));
        QCOMPARE(model.headerData(TrainingSessionsModel::SelectionColumn, Qt::Horizontal).toString(),
            QStringLiteral("Sélection"));
        model.setSessions({ ApiClient::TrainingSession::fromJson(session(11, false)) });
        QCOMPARE(model.selectedId(), 0); // nothing registered yet: nothing pre-selected
    }
};

QTEST_GUILESS_MAIN(TestHabilitationRequestsModel)
#include "testHabilitationRequestsModel.moc"
